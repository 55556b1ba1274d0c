import { parseFragment, SecureLinkError, type DecodedPayload, type KeyMode } from '@switchback/secure-link';
import type { BrowserWindow, DomAnchor, DomElement, DomInput } from './browser-dom.types';
import { REVEAL_MESSAGES as M } from './reveal-messages';
import { revealLink, type RevealOutcome } from './reveal-flow';

/** The elements of recipient-page.html that the script drives. */
function elements(win: BrowserWindow) {
  const get = <T extends DomElement>(id: string): T => {
    const el = win.document.getElementById(id);
    if (!el) throw new Error(`recipient page is missing #${id}`);
    return el as T;
  };
  return {
    form: get('reveal-form'),
    passphraseField: get('passphrase-field'),
    passphrase: get<DomInput>('passphrase'),
    codeField: get('code-field'),
    code: get<DomInput>('code'),
    button: get<DomInput>('reveal'),
    status: get('status'),
    alert: get('alert'),
    result: get('result'),
    resultTitle: get('result-title'),
    message: get('message'),
    copy: get<DomInput>('copy'),
    download: get<DomAnchor>('download'),
    meta: get('meta'),
  };
}
type Elements = ReturnType<typeof elements>;

function fragmentProblem(error: unknown): string {
  if (error instanceof SecureLinkError && error.code === 'WEAK_KDF') return M.weakKdf;
  return M.damagedKey;
}

function showAlert(ui: Elements, text: string): void {
  ui.status.textContent = '';
  ui.alert.textContent = text;
  ui.alert.hidden = false;
  ui.alert.focus();
}

function describeMeta(viewsRemaining: number | undefined, expiresAt: string | undefined): string {
  const parts: string[] = [];
  if (viewsRemaining !== undefined) parts.push(viewsRemaining === 0 ? 'This was the last view: the link no longer works.' : `Views remaining: ${viewsRemaining}.`);
  if (viewsRemaining !== 0 && expiresAt && !Number.isNaN(Date.parse(expiresAt))) parts.push(`Expires ${new Date(expiresAt).toUTCString()}.`);
  return parts.join(' ');
}

function showPayload(win: BrowserWindow, ui: Elements, payload: DecodedPayload): void {
  if (payload.kind === 'text') {
    ui.message.textContent = payload.text; // textContent only: the message is data, never markup
    ui.message.hidden = false;
    ui.copy.hidden = false;
    ui.copy.addEventListener('click', () => {
      const clipboard = win.navigator.clipboard;
      if (!clipboard) return void (ui.status.textContent = M.copyUnavailable);
      clipboard.writeText(payload.text).then(
        () => void (ui.status.textContent = M.copied),
        () => void (ui.status.textContent = M.copyUnavailable),
      );
    });
  } else {
    ui.download.href = win.URL.createObjectURL(new Blob([payload.bytes], { type: payload.mimeType }));
    ui.download.download = payload.name;
    ui.download.textContent = `Download ${payload.name} (${payload.bytes.length} bytes)`;
    ui.download.hidden = false;
  }
}

function render(win: BrowserWindow, ui: Elements, outcome: RevealOutcome, keyMode: KeyMode): void {
  ui.button.disabled = false;
  switch (outcome.state) {
    case 'revealed':
      ui.form.hidden = true;
      ui.alert.hidden = true;
      showPayload(win, ui, outcome.payload);
      ui.meta.textContent = describeMeta(outcome.viewsRemaining, outcome.expiresAt);
      ui.result.hidden = false;
      ui.status.textContent = M.revealed;
      ui.resultTitle.focus();
      return;
    case 'gone':
      // With a passphrase or code a 404 may just mean a typo: keep the form for another try
      // (the store burns the link after a few wrong claims, which bounds guessing).
      if (keyMode === 'fragment') ui.form.hidden = true;
      return showAlert(ui, keyMode === 'fragment' ? M.gone : M.goneWithSecret);
    case 'undecryptable':
      ui.form.hidden = true;
      return showAlert(ui, M.undecryptable);
    case 'bad-code':
      showAlert(ui, M.badCode);
      return ui.code.focus();
    case 'needs-secret':
      showAlert(ui, keyMode === 'code' ? M.needCode : M.needPassphrase);
      return (keyMode === 'code' ? ui.code : ui.passphrase).focus();
    case 'rate-limited':
      return showAlert(ui, M.rateLimited);
    case 'unavailable':
      return showAlert(ui, M.unavailable);
  }
}

/**
 * Boots the page: reads the fragment once, removes it from the address bar and history, and
 * waits for a click. Nothing is sent to the server before that click, so link-preview bots
 * and mail scanners that load the page cannot burn the link.
 */
export function startRevealPage(win: BrowserWindow): void {
  const ui = elements(win);
  const fragment = win.location.hash.replace(/^#/, '');
  const linkId = decodeURIComponent(win.location.pathname.split('/').pop() ?? '');
  if (fragment !== '') win.history.replaceState(null, '', win.location.pathname);
  if (fragment === '') return showAlert(ui, M.missingKey);
  let keyMode: KeyMode;
  try {
    keyMode = parseFragment(fragment).mode;
  } catch (error) {
    return showAlert(ui, fragmentProblem(error));
  }
  if (keyMode === 'device') return showAlert(ui, M.deviceOnly);
  ui.passphraseField.hidden = keyMode !== 'passphrase';
  ui.codeField.hidden = keyMode !== 'code';
  ui.form.hidden = false;
  (keyMode === 'passphrase' ? ui.passphrase : keyMode === 'code' ? ui.code : ui.button).focus();

  let busy = false;
  ui.form.addEventListener('submit', (event) => {
    event.preventDefault();
    if (busy) return;
    busy = true;
    ui.button.disabled = true;
    ui.alert.hidden = true;
    ui.status.textContent = M.decrypting;
    const request = { linkId, fragment, passphrase: ui.passphrase.value || undefined, code: ui.code.value || undefined };
    void revealLink(request, (input, init) => win.fetch(input, init)).then((outcome) => {
      busy = false;
      render(win, ui, outcome, keyMode);
    });
  });
}
