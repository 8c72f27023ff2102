// Newsroom's only script: count a view, and offer the native share sheet.
// Loaded with `defer`; the page works without it.
(function () {
  "use strict";

  // One view per page load, once a person can see the page: not while it is prerendered
  // for a link the reader may never follow, nor while it waits in a background tab.
  var article = document.querySelector("[data-view-url]");
  if (article && navigator.sendBeacon) {
    var countView = function () {
      if (document.prerendering || document.visibilityState !== "visible") {
        return;
      }
      document.removeEventListener("prerenderingchange", countView);
      document.removeEventListener("visibilitychange", countView);
      navigator.sendBeacon(article.getAttribute("data-view-url"));
    };
    document.addEventListener("prerenderingchange", countView);
    document.addEventListener("visibilitychange", countView);
    countView();
  }

  var share = document.querySelector(".share");
  if (!share) {
    return;
  }
  var url = share.getAttribute("data-share-url");
  var title = share.getAttribute("data-share-title");
  var summary = share.querySelector("summary");
  if (navigator.share && summary) {
    summary.addEventListener("click", function (event) {
      event.preventDefault();
      navigator.share({ title: title, url: url }).catch(function () {
        share.querySelector("details").open = true;
      });
    });
  }
  var copy = share.querySelector(".share__copy");
  if (copy && navigator.clipboard) {
    copy.addEventListener("click", function () {
      navigator.clipboard.writeText(url).then(function () {
        copy.textContent = "Link copied";
      });
    });
  } else if (copy) {
    copy.hidden = true;
  }
})();
