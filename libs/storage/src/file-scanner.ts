/**
 * The scanning hook uploads pass before they are kept (a virus scanner, a content policy):
 * the bytes are fed to a scan as they stream, and its verdict is asked before the file is
 * given its key. A refusal leaves nothing stored. An abstract class rather than an interface,
 * so that it is also the Nest injection token; the default accepts everything.
 */
export abstract class FileScanner {
  /** A scan of one file of `contentType`. */
  abstract open(contentType: string): FileScan;
}

export interface FileScan {
  /** The next bytes of the file. */
  update(chunk: Buffer): void;
  /** The verdict once every byte was given. */
  verdict(): Promise<ScanVerdict>;
}

export type ScanVerdict = { accepted: true } | { accepted: false; reason: string };

/** The default hook: accepts every file. */
export class AcceptingFileScanner extends FileScanner {
  open(): FileScan {
    return { update: () => undefined, verdict: () => Promise.resolve({ accepted: true }) };
  }
}
