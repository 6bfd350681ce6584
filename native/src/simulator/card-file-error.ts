/**
 * A card file that cannot be used: it names the file and the field (a path such as
 * `sections.treatments.visits[2].hospitalId`), so the mistake can be found at once. The
 * message never repeats a personal value of the card beyond the field that is wrong.
 */
export class CardFileError extends Error {
  override readonly name = 'CardFileError';

  /**
   * @param file the file path or name the card came from.
   * @param field the path of the offending field; `''` for the file as a whole.
   * @param reason what is wrong, in English.
   */
  constructor(
    readonly file: string,
    readonly field: string,
    readonly reason: string,
  ) {
    super(field === '' ? `${file}: ${reason}` : `${file}: ${field}: ${reason}`);
  }
}
