import { createGraphiQLFetcher } from '@graphiql/toolkit';
import { GraphiQL } from 'graphiql';
import 'graphiql/setup-workers/vite';
import 'graphiql/style.css';
import { createClient } from 'graphql-ws';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { graphqlUrl, websocketUrl } from './api/client';
import './explorer.css';

/**
 * GraphiQL, bundled (no CDN): the key the dashboard signed in with (this tab's sessionStorage) goes with every
 * request and subscription, so the explorer works where Apollo Sandbox cannot load.
 */
const key = sessionStorage.getItem('copydesk.apiKey');
const authorization = key ? `Bearer ${key}` : undefined;

const fetcher = createGraphiQLFetcher({
  url: graphqlUrl(),
  headers: authorization ? { authorization } : {},
  wsClient: createClient({
    url: websocketUrl(),
    lazy: true,
    connectionParams: authorization ? { authorization } : {},
  }),
});

const DEFAULT_QUERY = `# Copydesk API explorer: the key you signed in with is sent for you.
# Ctrl-Enter runs the query; the Docs button lists every type and field.
query Start {
  viewer {
    role
    workspace {
      name
    }
  }
  campaigns(first: 5) {
    edges {
      node {
        id
        name
        status
      }
    }
  }
}
`;

function Explorer() {
  return (
    <div className="explorer">
      {key ? null : (
        <p className="explorer-banner" role="alert">
          Not signed in: <a href="/">sign in to the dashboard</a> in this tab first, then come back; requests are sent
          without a key.
        </p>
      )}
      <GraphiQL fetcher={fetcher} defaultQuery={DEFAULT_QUERY} shouldPersistHeaders={false} />
    </div>
  );
}

const root = document.getElementById('explorer');
if (root) {
  createRoot(root).render(
    <StrictMode>
      <Explorer />
    </StrictMode>,
  );
}
