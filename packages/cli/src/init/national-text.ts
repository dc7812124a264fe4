import { parse } from 'yaml';
import { NationalSettings, NplzError, validateNationalSettings } from '@nplz/core';

/** Parse and validate national settings held as text (the template `nplz init` writes). */
export function loadNationalFromText(text: string): NationalSettings {
  const r = validateNationalSettings(parse(text));
  if (!r.value) throw new NplzError(r.problems);
  return r.value;
}
