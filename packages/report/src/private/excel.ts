import type ExcelJS from 'exceljs';

/**
 * ExcelJS's Workbook, loaded when a workbook is first written rather than when the package is, and
 * from its own module: the package's entry also loads the streaming reader and writer, which a
 * workbook written to a buffer never uses (0.2 s of CPU to load the whole package, half that for
 * the Workbook). A test holds it to be the class the package exports.
 */
export function excelWorkbook(): typeof ExcelJS.Workbook {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded on first use, see above
  return require('exceljs/lib/doc/workbook') as typeof ExcelJS.Workbook;
}
