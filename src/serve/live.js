// planpress live reload: only added to pages by `planpress serve`.
// Reloads the page after a good rebuild; shows the build error over the page
// after a bad one, and hides it again once the sources are fixed.
(function () {
  'use strict';
  var base = document.currentScript.getAttribute('data-base') || '/';
  var overlay = null;

  function showError(text) {
    if (!overlay) {
      overlay = document.createElement('div');
      overlay.className = 'planpress-overlay';
      overlay.setAttribute('role', 'alertdialog');
      overlay.setAttribute('aria-labelledby', 'planpress-overlay-title');
      var title = document.createElement('h2');
      title.id = 'planpress-overlay-title';
      title.textContent = 'The site did not build';
      var note = document.createElement('p');
      note.textContent = 'The preview shows the last good build. Fix the error below and save: this message goes away by itself.';
      var pre = document.createElement('pre');
      overlay.appendChild(title);
      overlay.appendChild(note);
      overlay.appendChild(pre);
      document.body.appendChild(overlay);
    }
    overlay.querySelector('pre').textContent = text;
  }

  function checkStatus() {
    fetch(base + '__planpress/status', { cache: 'no-store' })
      .then(function (r) { return r.json(); })
      .then(function (s) {
        if (s.ok) {
          if (overlay) { window.location.reload(); }
        } else {
          showError(s.error);
        }
      })
      .catch(function () {});
  }

  var events = new EventSource(base + '__planpress/events');
  events.addEventListener('reload', function () { window.location.reload(); });
  events.addEventListener('build-error', checkStatus);
  checkStatus();
})();
