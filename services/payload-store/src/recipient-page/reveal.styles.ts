// Served as /s/assets/reveal.css (a .ts module so the SWC build ships it without asset copying).
export const REVEAL_CSS = `:root { color-scheme: light dark; font-family: system-ui, sans-serif; line-height: 1.5; }
body { margin: 0; padding: 1rem; }
main { max-width: 40rem; margin: 0 auto; }
[hidden] { display: none !important; }
.field { margin: 1rem 0; display: flex; flex-direction: column; gap: .25rem; }
input { font: inherit; padding: .5rem; border: 1px solid; border-radius: .25rem; }
button, #download { font: inherit; padding: .5rem 1rem; border-radius: .25rem; cursor: pointer; }
button:focus-visible, input:focus-visible, a:focus-visible, [tabindex]:focus-visible { outline: 3px solid #1a73e8; outline-offset: 2px; }
.hint { margin: 0; font-size: .9em; opacity: .8; }
.alert { padding: .75rem; border: 2px solid #b3261e; border-radius: .25rem; }
pre { white-space: pre-wrap; word-break: break-word; padding: .75rem; border: 1px solid; border-radius: .25rem; }
`;
