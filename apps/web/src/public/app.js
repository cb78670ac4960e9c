// Progressive enhancement only: every page works without this file.
(function () {
  'use strict';

  // Show/hide for password fields (ASVS 6.2.7: an optional reveal).
  document.querySelectorAll('input[type="password"]').forEach(function (input) {
    var wrapper = input.closest('[data-password]');
    if (!wrapper) return;
    var button = document.createElement('button');
    button.type = 'button';
    button.className = 'password-toggle';
    button.textContent = wrapper.getAttribute('data-show');
    button.setAttribute('aria-pressed', 'false');
    button.setAttribute('aria-controls', input.id);
    button.addEventListener('click', function () {
      var shown = input.type === 'text';
      input.type = shown ? 'password' : 'text';
      button.textContent = wrapper.getAttribute(shown ? 'data-show' : 'data-hide');
      button.setAttribute('aria-pressed', String(!shown));
    });
    wrapper.appendChild(button);
  });

  // Forms that ask before doing something drastic (the server-side confirmation page stays).
  document.querySelectorAll('form[data-confirm]').forEach(function (form) {
    form.addEventListener('submit', function (event) {
      if (!window.confirm(form.getAttribute('data-confirm'))) event.preventDefault();
    });
  });

  // Copy the recovery codes.
  document.querySelectorAll('[data-copy]').forEach(function (button) {
    var source = document.getElementById(button.getAttribute('data-copy'));
    if (!source || !navigator.clipboard) return;
    button.hidden = false;
    button.addEventListener('click', function () {
      navigator.clipboard.writeText(source.innerText.trim()).then(function () {
        button.textContent = button.getAttribute('data-copied');
      });
    });
  });

  // Move focus to the error summary after a refused form, so screen readers announce it.
  var summary = document.querySelector('[data-error-summary]');
  if (summary && !document.querySelector('[autofocus]')) summary.focus();
})();
