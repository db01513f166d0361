// The API's documentation page: ReDoc, started from this file because the Content-Security-
// Policy refuses inline scripts, in colours dark enough to read on their tinted backgrounds
// (WCAG AA): ReDoc's own green and red labels fell just short.
(function () {
  "use strict";
  var container = document.getElementById("api-docs");
  var theme = {
    colors: {
      // "light" colours small labels such as "additional property" on white.
      primary: { main: "#1f4e79", light: "#2b5f8f" },
      success: { main: "#14591f" },
      warning: { main: "#7a4100" },
      error: { main: "#8f1316" },
      text: { primary: "#1b1f24", secondary: "#454d57" },
      // The response tabs sit on the dark right panel, so their labels are light.
      responses: {
        success: { tabTextColor: "#9be3a8" },
        error: { tabTextColor: "#ffb3ad" },
        redirect: { tabTextColor: "#ffd08a" },
        info: { tabTextColor: "#a9cff5" },
      },
      http: {
        get: "#1f4e79", post: "#14591f", put: "#7a4100", patch: "#5b2c83",
        delete: "#8f1316", options: "#454d57", head: "#454d57", basic: "#454d57",
        link: "#1f4e79",
      },
    },
    typography: {
      fontFamily: 'system-ui, -apple-system, "Segoe UI", Roboto, Arial, sans-serif',
      headings: { fontFamily: 'system-ui, -apple-system, "Segoe UI", Roboto, Arial, sans-serif' },
      code: { fontFamily: "ui-monospace, monospace", color: "#8f1316" },
      links: { color: "#1f4e79" },
    },
    sidebar: { textColor: "#1b1f24", backgroundColor: "#f4f6f8" },
    rightPanel: { backgroundColor: "#1b1f24", textColor: "#ffffff" },
  };
  Redoc.init(
    container.dataset.schemaUrl,
    { hideDownloadButton: true, nativeScrollbars: true, theme: theme },
    container
  );
})();
