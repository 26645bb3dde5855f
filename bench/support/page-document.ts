// The part of the browser's `document` that page callbacks (page.evaluate, waitForFunction) use.
// Those callbacks run in the page, but the files that hold them compile as Node code without the
// DOM lib, so a callback names the page's globals through this type:
// `(globalThis as unknown as PageDocument).document`. Types only: a callback is serialized into
// the page and can not use an imported value.
export interface PageDocument {
  document: {
    querySelector(selector: string): object | null;
    querySelectorAll(selector: string): { length: number };
    body: { innerText: string };
  };
}
