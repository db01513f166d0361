// The coding page. Colours come from the codebook and are set here, through the CSSOM,
// because the Content-Security-Policy refuses inline style attributes.
(function () {
  "use strict";
  document.querySelectorAll("[data-colour]").forEach(function (element) {
    element.style.backgroundColor = element.dataset.colour;
  });
})();
