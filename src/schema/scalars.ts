import { DateTimeResolver } from 'graphql-scalars';

/** `scalar DateTime`: ISO 8601 strings in UTC. */
export const DateTime = DateTimeResolver;
