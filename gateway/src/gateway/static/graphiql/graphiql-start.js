// Starts GraphiQL on the gateway's page: queries and mutations to this address, subscriptions over
// graphql-transport-ws to the same address. Adapted from strawberry's graphiql.html (its inline script,
// moved here so the page's Content-Security-Policy can forbid inline scripts); the Django CSRF cookie it
// reads is left out: the gateway takes bearer tokens, set in the headers editor.
"use strict";

(function () {
  const EXAMPLE_QUERY = `# GraphiQL for the pact's gateway: write a query on this side, run it with Ctrl-Enter.
#
# Public data needs no token. For more, open "Headers" below and add
#   {"Authorization": "Bearer <token>"}
#
{
  organisations(first: 5) {
    totalCount
    nodes { name kind country }
  }
}
`;

  // The editors' contents are kept in the address, so a link shares a query.
  const parameters = {};
  for (const entry of window.location.search.slice(1).split("&")) {
    const eq = entry.indexOf("=");
    if (eq >= 0) {
      parameters[decodeURIComponent(entry.slice(0, eq))] = decodeURIComponent(entry.slice(eq + 1));
    }
  }

  function updateURL(data) {
    Object.assign(parameters, data);
    const search = Object.keys(parameters)
      .filter((key) => Boolean(parameters[key]))
      .map((key) => encodeURIComponent(key) + "=" + encodeURIComponent(parameters[key]))
      .join("&");
    history.replaceState(null, "", "?" + search);
  }

  const fetchURL = window.location.href.split("?")[0];

  function webSocketURL(url) {
    const parsed = new URL(url);
    parsed.protocol = parsed.protocol === "https:" ? "wss:" : "ws:";
    parsed.hash = "";
    return parsed.toString();
  }

  const fetcher = GraphiQL.createFetcher({ url: fetchURL, subscriptionUrl: webSocketURL(fetchURL) });
  const explorer = GraphiQLPluginExplorer.explorerPlugin();

  function GatewayGraphiQL() {
    const [query, setQuery] = React.useState(parameters.q || EXAMPLE_QUERY);
    const [variables, setVariables] = React.useState(parameters.variables);
    const [headers, setHeaders] = React.useState(parameters.headers);

    return React.createElement(GraphiQL, {
      fetcher: fetcher,
      defaultEditorToolsVisibility: true,
      plugins: [explorer],
      query: query,
      variables: variables,
      headers: headers,
      onEditQuery: (value) => { setQuery(value); updateURL({ q: value }); },
      onEditVariables: (value) => { setVariables(value); updateURL({ variables: value }); },
      onEditHeaders: (value) => { setHeaders(value); },
      inputValueDeprecation: true,
      isHeadersEditorEnabled: true,
      shouldPersistHeaders: false,  // a token stays out of localStorage
    });
  }

  ReactDOM.createRoot(document.getElementById("graphiql")).render(React.createElement(GatewayGraphiQL));
})();
