// Passkeys, as progressive enhancement: nothing here is needed for the rest of the site, and
// every passkey control stays hidden unless the browser supports WebAuthn. The ceremonies run
// through @simplewebauthn/browser (webauthn.js, loaded before this file): options from our
// server, the browser's authenticator, the answer back to our server (JSON, CSRF-checked).
(function () {
  'use strict';

  var webauthn = window.SimpleWebAuthnBrowser;
  if (!webauthn || !webauthn.browserSupportsWebAuthn()) return;
  var csrfInput = document.querySelector('input[name="_csrf"]');
  var csrf = csrfInput ? csrfInput.value : '';

  function post(url, body) {
    return fetch(url, {
      method: 'POST',
      credentials: 'same-origin',
      headers: { 'content-type': 'application/json', accept: 'application/json' },
      body: JSON.stringify(Object.assign({ _csrf: csrf }, body)),
    }).then(function (response) {
      return response
        .json()
        .catch(function () {
          return {};
        })
        .then(function (answer) {
          if (answer.redirect && !response.ok) window.location.assign(answer.redirect);
          if (!response.ok) throw new ServerRefusal(answer.message);
          return answer;
        });
    });
  }

  function ServerRefusal(message) {
    this.message = message;
  }

  // A message for the person: the server's own words, or what the browser's error means.
  function show(box, error) {
    var out = box.querySelector('[data-passkey-error]');
    if (!out || (error && error.name === 'AbortError')) return;
    var text =
      error instanceof ServerRefusal && error.message
        ? error.message
        : error && error.name === 'NotAllowedError'
          ? out.getAttribute('data-msg-cancelled')
          : error && error.name === 'SecurityError'
            ? out.getAttribute('data-msg-origin')
            : out.getAttribute('data-msg-failed');
    out.textContent = text;
    out.hidden = false;
  }

  function clear(box) {
    var out = box.querySelector('[data-passkey-error]');
    if (out) out.hidden = true;
  }

  // One authentication ceremony: `start` gives options, `finish` takes the answer.
  function authenticate(start, finish, extra, autofill) {
    return post(start, {}).then(function (begun) {
      return webauthn
        .startAuthentication({ optionsJSON: begun.options, useBrowserAutofill: autofill })
        .then(function (response) {
          var answer = Object.assign({ flowId: begun.flowId, response: response }, extra);
          return post(finish, answer).catch(function (error) {
            error.afterChoice = true; // the person picked a passkey: they want to hear why not
            throw error;
          });
        });
    });
  }

  // Goes where the server said; a change of #fragment alone would not reload the page.
  function follow(answer) {
    var target = new URL(answer.redirect, window.location.href);
    var here = window.location;
    var samePage = target.pathname === here.pathname && target.search === here.search;
    window.location.assign(target.href);
    if (samePage) window.location.reload();
  }

  // Login page: the button, and passkeys offered in the email field's autofill.
  var signIn = document.querySelector('[data-passkey-signin]');
  if (signIn) {
    signIn.hidden = false;
    var extra = { next: signIn.getAttribute('data-next') || '/dashboard' };
    var autofill = function () {
      signIn.removeAttribute('data-autofill');
      authenticate('/login/passkey/options', '/login/passkey', extra, true)
        .then(follow)
        .catch(function (error) {
          // Autofill is offered, not asked for: a failure before anyone picked a passkey (the
          // server down, an origin outside WEBAUTHN_ORIGINS) stays quiet; the button says why.
          if (error && error.afterChoice) show(signIn, error);
          else signIn.setAttribute('data-autofill', 'off');
        });
    };
    signIn.querySelector('[data-passkey-button]').addEventListener('click', function () {
      clear(signIn);
      authenticate('/login/passkey/options', '/login/passkey', extra, false)
        .then(follow)
        .catch(function (error) {
          show(signIn, error);
          // The button's ceremony ended the autofill one: offer autofill again.
          if (webauthn.browserSupportsWebAuthnAutofill) startAutofill();
        });
    });
    var startAutofill = function () {
      webauthn.browserSupportsWebAuthnAutofill().then(function (supported) {
        if (supported && document.querySelector('input[autocomplete~="webauthn"]')) autofill();
      });
    };
    if (webauthn.browserSupportsWebAuthnAutofill) startAutofill();
  }

  // "Confirm it's you" with a passkey.
  var confirmBox = document.querySelector('[data-passkey-confirm]');
  if (confirmBox) {
    confirmBox.hidden = false;
    confirmBox.querySelector('[data-passkey-button]').addEventListener('click', function () {
      clear(confirmBox);
      var next = { next: confirmBox.getAttribute('data-next') || '/dashboard' };
      authenticate('/confirm/passkey/options', '/confirm/passkey', next, false)
        .then(follow)
        .catch(function (error) {
          show(confirmBox, error);
        });
    });
  }

  // Dashboard: add a passkey.
  var add = document.querySelector('[data-passkey-add]');
  if (add) {
    add.hidden = false;
    add.querySelector('[data-passkey-button]').addEventListener('click', function () {
      clear(add);
      var name = add.querySelector('[data-passkey-name]').value.trim();
      post('/dashboard/passkeys/options', {})
        .then(function (begun) {
          return webauthn
            .startRegistration({ optionsJSON: begun.options })
            .then(function (response) {
              var body = { flowId: begun.flowId, response: response };
              if (name) body.name = name;
              return post('/dashboard/passkeys', body);
            });
        })
        .then(follow)
        .catch(function (error) {
          show(add, error);
        });
    });
  }
})();
