// Query strings arrive as text. These turn what a client may write into the value the validator
// checks; anything else passes unchanged, so the validator refuses it with its field message (400).

/** "true" / "false" → the boolean. */
export const toBool = ({ value }: { value: unknown }): unknown => (value === 'true' ? true : value === 'false' ? false : value);

/** "12" or "-3" → the number (whole numbers only; the validator checks the range). */
export const toInt = ({ value }: { value: unknown }): unknown => (typeof value === 'string' && /^-?\d+$/.test(value) ? Number(value) : value);
