// The page is the same for every link: the id is read from the path and the key from the
// fragment by reveal.js, so nothing from the request is ever written into the HTML.
export const RECIPIENT_PAGE_HTML = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<meta name="robots" content="noindex, nofollow">
<title>Secure message</title>
<link rel="stylesheet" href="/s/assets/reveal.css">
<script src="/s/assets/reveal.js" defer></script>
</head>
<body>
<main>
<h1>Secure message</h1>
<p>Someone sent you a message that is decrypted here, in your browser. It can be opened a limited number of times; opening it may use it up.</p>
<noscript><p class="alert">This page needs JavaScript to decrypt the message in your browser.</p></noscript>
<div id="alert" class="alert" role="alert" tabindex="-1" hidden></div>
<form id="reveal-form" hidden>
<div id="passphrase-field" class="field" hidden>
<label for="passphrase">Passphrase</label>
<input id="passphrase" name="passphrase" type="password" autocomplete="off" spellcheck="false">
</div>
<div id="code-field" class="field" hidden>
<label for="code">Code</label>
<input id="code" name="code" type="text" autocomplete="one-time-code" autocapitalize="characters" spellcheck="false" aria-describedby="code-hint">
<p id="code-hint" class="hint">The 8-character code you received separately, for example by text message.</p>
</div>
<button id="reveal" type="submit">Reveal message</button>
</form>
<p id="status" role="status" aria-live="polite"></p>
<section id="result" aria-labelledby="result-title" hidden>
<h2 id="result-title" tabindex="-1">Your message</h2>
<pre id="message" hidden></pre>
<button id="copy" type="button" hidden>Copy</button>
<a id="download" hidden>Download</a>
<p id="meta"></p>
</section>
</main>
</body>
</html>
`;
