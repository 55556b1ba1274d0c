// What the recipient reads. Shared with the browser test so wording changes stay in one place.
export const REVEAL_MESSAGES = {
  missingKey: 'This link is missing its key. Open the complete link exactly as you received it.',
  damagedKey: 'This link’s key part is damaged. Open the complete link exactly as you received it.',
  weakKdf: 'This link asks for weak passphrase protection and was refused for your safety.',
  deviceOnly: 'This message can only be opened in the app on your registered device.',
  gone: 'This message has already been opened or has expired.',
  goneWithSecret: 'This message has already been opened or has expired, or the passphrase or code is wrong.',
  undecryptable: 'Could not decrypt — the link is damaged or the key is wrong.',
  badCode: 'The code is 8 letters and digits. Check it and try again.',
  needPassphrase: 'Enter the passphrase you were given.',
  needCode: 'Enter the 8-character code you were sent separately.',
  rateLimited: 'Too many attempts. Wait a minute and try again.',
  unavailable: 'The message could not be fetched. Check your connection and try again.',
  decrypting: 'Decrypting…',
  revealed: 'Message decrypted in your browser.',
  copied: 'Copied to the clipboard.',
  copyUnavailable: 'Copying is not available here: select the text and copy it.',
} as const;
