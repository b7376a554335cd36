// Mounts GraphiQL with the explorer plugin on the page the service serves at its GraphQL path.
// Everything it uses was loaded from this service (web/explorer/): no request leaves the machine.
(function () {
  "use strict";
  const url = window.location.href.split(/[?#]/)[0];
  const socket = new URL(url);
  socket.protocol = socket.protocol === "https:" ? "wss:" : "ws:";

  const fetcher = GraphiQL.createFetcher({ url: url, subscriptionUrl: socket.toString() });
  const tabs = JSON.parse(document.getElementById("operations").textContent);
  const explorer = GraphiQLPluginExplorer.explorerPlugin();

  function Explorer() {
    return React.createElement(GraphiQL, {
      fetcher: fetcher,
      plugins: [explorer],
      defaultTabs: tabs,
      defaultEditorToolsVisibility: "headers",
      isHeadersEditorEnabled: true,
      shouldPersistHeaders: false,
      inputValueDeprecation: true,
    });
  }

  ReactDOM.createRoot(document.getElementById("graphiql")).render(React.createElement(Explorer));
})();
