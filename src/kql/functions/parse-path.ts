/**
 * parse_path(path): a property bag {Scheme, RootPath, DirectoryPath, DirectoryName, Filename, Extension,
 * AlternateDataStreamName}.
 *
 * The doc page (parse-path-function.md) gives five examples, which this reproduces exactly:
 *   C:\temp\file.txt                  -> RootPath "C:", DirectoryPath "C:\temp", DirectoryName "temp", Filename "file.txt", Extension "txt"
 *   temp\file.txt                     -> RootPath "",   DirectoryPath "temp"
 *   file://C:/temp/file.txt:some.exe  -> Scheme "file", RootPath "C:", DirectoryPath "C:/temp", AlternateDataStreamName "some.exe"
 *   \\shared\users\temp\file.txt.gz   -> RootPath "",   DirectoryPath "\\shared\users\temp", Filename "file.txt.gz", Extension "gz"
 *   /usr/lib/temp/file.txt            -> RootPath "",   DirectoryPath "/usr/lib/temp"
 * So: both slash kinds separate; the separators are kept as written; the directory path has no trailing
 * separator; RootPath is only a drive ("C:"), not "\" or a share; the extension has no dot.
 *
 * Chosen for forms the docs do not show (DOC-SILENT):
 * - The directory path is everything before the last separator, so a file in a drive's root ("C:\x.sys")
 *   has DirectoryPath "C:" and a path ending in a separator has Filename "". DirectoryName is the last
 *   component of DirectoryPath, or "" when DirectoryPath is only a drive.
 * - A long path ("\\?\C:\...") keeps its prefix in DirectoryPath and has the drive as RootPath.
 * - The alternate data stream is what follows the first ':' of the file name; the extension is taken from the
 *   name before it, after its last '.' ("" when there is none).
 * - A scheme is at least two characters before "://", so that "C://x" stays a drive path.
 */
import type { Boxed, Dyn } from '../data/types.js';
import type { CallSite, RowFn, ScalarFunction } from './scalar-function.js';
import { kustoToString } from './string.js';

type Bag = { [k: string]: Dyn };

const SCHEME = /^([A-Za-z][A-Za-z0-9+.-]+):\/\//;
const DRIVE = /^(?:[\\/]{2}\?[\\/])?([A-Za-z]:)/;

function lastSeparator(s: string): number {
  return Math.max(s.lastIndexOf('\\'), s.lastIndexOf('/'));
}

export function parsePath(path: string): Bag {
  let rest = path;
  let scheme = '';
  const sm = SCHEME.exec(rest);
  if (sm) {
    scheme = sm[1]!;
    rest = rest.slice(sm[0].length);
  }
  const dm = DRIVE.exec(rest);
  const root = dm ? dm[1]! : '';
  const rootEnd = dm ? dm[0].length : 0;
  const sep = lastSeparator(rest);
  const dirPath = sep >= rootEnd ? rest.slice(0, sep) : rest.slice(0, rootEnd);
  let name = sep >= rootEnd ? rest.slice(sep + 1) : rest.slice(rootEnd);
  const dirSep = lastSeparator(dirPath);
  const dirName = dirPath.length <= rootEnd ? '' : dirPath.slice(Math.max(dirSep + 1, rootEnd));
  let stream = '';
  const colon = name.indexOf(':');
  if (colon >= 0) {
    stream = name.slice(colon + 1);
    name = name.slice(0, colon);
  }
  const dot = name.lastIndexOf('.');
  const extension = dot >= 0 ? name.slice(dot + 1) : '';
  return {
    Scheme: scheme,
    RootPath: root,
    DirectoryPath: dirPath,
    DirectoryName: dirName,
    Filename: name,
    Extension: extension,
    AlternateDataStreamName: stream,
  };
}

function bind(site: CallSite): RowFn {
  const t = site.argTypes[0] ?? 'string';
  return (args) => parsePath(t === 'string' ? ((args[0] ?? '') as string) : kustoToString(args[0] as Boxed, t));
}

export const functions: ScalarFunction[] = [{ name: 'parse_path', bind }];
