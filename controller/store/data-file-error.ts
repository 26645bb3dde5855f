/** Start-up refused because the data file cannot be trusted; the message names the file and why. */
export class DataFileError extends Error {
  constructor(readonly path: string, reason: string, advice = 'fix or move it, then start again') {
    super(`Refusing to start: the data file ${path} ${reason}. It has been left untouched; ${advice}.`);
    this.name = 'DataFileError';
  }
}
