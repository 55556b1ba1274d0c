// Client-side encryption for secure links (WebCrypto only, so it also runs in the recipient page).
export {};
