// The image picker window: hands the chosen library picture to the article editor that opened it.
// The editor (django-prose-editor's figure dialog) listens through the CKEditor file-browser protocol.
(function () {
  "use strict";
  var picker = document.querySelector(".image-picker");
  if (!picker) {
    return;
  }
  var funcNum = picker.getAttribute("data-func-num");
  var opener = null;
  try {
    opener = window.opener && window.opener.CKEDITOR && window.opener.CKEDITOR.tools;
  } catch (error) {
    opener = null; // an opener on another origin
  }
  if (!opener || !funcNum) {
    picker.querySelector(".image-picker__no-opener").hidden = false;
    return;
  }
  // The buttons come disabled: a click before this script has found the editor would do nothing.
  picker.querySelectorAll(".image-picker__choose").forEach(function (button) {
    button.disabled = false;
  });
  picker.addEventListener("click", function (event) {
    var button = event.target.closest(".image-picker__choose");
    if (!button) {
      return;
    }
    opener.callFunction(funcNum, button.dataset.url, {
      id: button.dataset.id,
      alternative_text: button.dataset.alt,
      caption: button.dataset.caption,
    });
    window.close();
  });
})();
