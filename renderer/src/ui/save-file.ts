/** A file the engine produced for the user to keep: its name, MIME type and bytes (base64). */
export interface SavableFile {
  readonly fileName: string;
  readonly mime: string;
  readonly base64: string;
}

/** Hands a file to the browser's (or Electron's) download: the user keeps it where they choose. */
export function saveFile(file: SavableFile): void {
  const bin = atob(file.base64);
  const bytes = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) bytes[i] = bin.charCodeAt(i);
  const url = URL.createObjectURL(new Blob([bytes], { type: file.mime }));
  const a = document.createElement('a');
  a.href = url;
  a.download = file.fileName;
  a.style.display = 'none';
  document.body.appendChild(a);
  a.click();
  a.remove();
  // Revoked after the click has been handled, so the download has its bytes.
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
