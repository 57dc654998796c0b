import {
  buildSchema,
  type GraphQLSchema,
  isEnumType,
  isInputObjectType,
  isInterfaceType,
  isIntrospectionType,
  isObjectType,
  isSpecifiedScalarType,
} from 'graphql';
import { describe, expect, it } from 'vitest';
import { buildCopydeskSchema } from '../src/resolvers';

const described = (description: string | null | undefined) => Boolean(description?.trim());

/**
 * Every schema element a client can see in Sandbox or a generated client, as `Type`, `Type.field`,
 * `Type.field(arg)` or `Enum.VALUE`, that has no description. Built-in scalars and introspection types are exempt.
 */
function undescribed(schema: GraphQLSchema): string[] {
  const missing: string[] = [];
  const check = (path: string, description: string | null | undefined) => {
    if (!described(description)) missing.push(path);
  };
  for (const type of Object.values(schema.getTypeMap())) {
    if (isIntrospectionType(type) || isSpecifiedScalarType(type)) continue;
    check(type.name, type.description);
    if (isObjectType(type) || isInterfaceType(type)) {
      for (const field of Object.values(type.getFields())) {
        check(`${type.name}.${field.name}`, field.description);
        for (const arg of field.args) check(`${type.name}.${field.name}(${arg.name})`, arg.description);
      }
    } else if (isInputObjectType(type)) {
      for (const field of Object.values(type.getFields())) check(`${type.name}.${field.name}`, field.description);
    } else if (isEnumType(type)) {
      for (const value of type.getValues()) check(`${type.name}.${value.name}`, value.description);
    }
  }
  return missing.sort();
}

describe('schema descriptions', () => {
  it('describes every type, field, argument, input field and enum value (Sandbox and generated clients show them)', async () => {
    const missing = undescribed(await buildCopydeskSchema());
    expect(missing, `Add a description to:\n${missing.join('\n')}`).toEqual([]);
  });

  it('names each kind of undescribed element, so a new field without a description fails here', () => {
    const schema = buildSchema(`
      """Described.""" type Query { """Described.""" ok: Int, bare(limit: Int, """Described.""" b: In): Kind }
      enum Kind { """Described.""" A, B }
      input In { """Described.""" x: Int, y: Int }
      scalar Stamp
      type Unused { """Described.""" stamp: Stamp }
    `);
    expect(undescribed(schema)).toEqual([
      'In',
      'In.y',
      'Kind',
      'Kind.B',
      'Query.bare',
      'Query.bare(limit)',
      'Stamp',
      'Unused',
    ]);
  });
});
