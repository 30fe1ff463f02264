/**
 * Accepted file types of an assignment as Moodle writes them (`filetypeslist` of assignsubmission_file,
 * the form element core_form\filetypes_util reads): a list separated by commas, semicolons or spaces
 * of extensions (".pdf", also "pdf"), file-type groups ("image", "document", "web_image" …), MIME
 * types ("application/pdf") or "*" (anything). The groups and MIME types are Moodle's defaults from
 * core_filetypes::get_default_types(); a site's own additions ($CFG->customfiletypes) are not visible
 * to a web-service client. As Moodle does, a bare word that is no known group is an extension (so a
 * site's own group would be read as one); a MIME type this table does not know is left out of the
 * check (the portal still decides) and shown as written; a list of only such types allows any file.
 * The student reads the groups by name: the error catalog words them (FILE_TYPE_GROUP_TEXTS).
 */

/** Moodle's default file-type groups (core_filetypes::get_default_types): group → extensions without dot. */
export const MOODLE_FILE_GROUPS: Readonly<Record<string, readonly string[]>> = {
  archive: ['7z', 'bdoc', 'cdoc', 'ddoc', 'gtar', 'gz', 'gzip', 'hqx', 'rar', 'sit', 'tar', 'tgz', 'zip'],
  audio: ['aac', 'aif', 'aifc', 'aiff', 'au', 'flac', 'm3u', 'm4a', 'mp3', 'oga', 'ogg', 'ra', 'ram', 'rm', 'wav', 'wma'],
  document: ['doc', 'docx', 'epub', 'gdoc', 'odt', 'oth', 'ott', 'pdf', 'rtf'],
  html_audio: ['aac', 'flac', 'm4a', 'mp3', 'oga', 'ogg', 'wav'],
  html_track: ['vtt'],
  html_video: ['m4v', 'mov', 'mp4', 'ogv', 'webm'],
  image: ['ai', 'bmp', 'gdraw', 'gif', 'ico', 'jpe', 'jpeg', 'jpg', 'pct', 'pic', 'pict', 'png', 'svg', 'svgz', 'tif', 'tiff'],
  media_source: ['m3u8', 'mpd'],
  presentation: ['gslides', 'odp', 'otp', 'potm', 'potx', 'ppam', 'pps', 'ppsm', 'ppsx', 'ppt', 'pptm', 'pptx', 'pub', 'sti', 'sxi'],
  spreadsheet: ['csv', 'gsheet', 'ods', 'ots', 'xls', 'xlsm', 'xlsx'],
  video: ['3gp', 'asf', 'avi', 'dif', 'dv', 'f4v', 'flv', 'm4v', 'mov', 'movie', 'mp4', 'mpe', 'mpeg', 'mpg', 'ogv', 'qt', 'rmvb', 'rv', 'swf', 'swfl', 'webm', 'wmv'],
  web_audio: ['aac', 'flac', 'm4a', 'mp3', 'oga', 'ogg', 'ra', 'wav'],
  web_file: ['css', 'htm', 'html', 'js', 'scss', 'xhtml'],
  web_image: ['gif', 'jpe', 'jpeg', 'jpg', 'png', 'svg', 'svgz'],
  web_video: ['avi', 'f4v', 'flv', 'm4v', 'mov', 'mp4', 'mpe', 'mpeg', 'mpg', 'ogv', 'qt', 'swf', 'swfl', 'webm'],
};

/** Extensions of each MIME type Moodle knows by default (for lists that name a MIME type, e.g. 'application/pdf'). */
export const MOODLE_MIME_EXTENSIONS: Readonly<Record<string, readonly string[]>> = {
  'application/dash+xml': ['mpd'],
  'application/epub+zip': ['epub'],
  'application/g-zip': ['gz', 'gzip', 'tgz'],
  'application/json': ['json'],
  'application/mac-binhex40': ['hqx'],
  'application/msword': ['doc'],
  'application/pdf': ['pdf'],
  'application/postscript': ['ai', 'eps', 'ps'],
  'application/vnd.google-apps.document': ['gdoc'],
  'application/vnd.google-apps.drawing': ['gdraw'],
  'application/vnd.google-apps.presentation': ['gslides'],
  'application/vnd.google-apps.spreadsheet': ['gsheet'],
  'application/vnd.moodle.backup': ['mbz'],
  'application/vnd.ms-excel': ['xls'],
  'application/vnd.ms-excel.sheet.macroEnabled.12': ['xlsm'],
  'application/vnd.ms-powerpoint': ['pps', 'ppt'],
  'application/vnd.ms-powerpoint.addin.macroEnabled.12': ['ppam'],
  'application/vnd.ms-powerpoint.presentation.macroEnabled.12': ['pptm'],
  'application/vnd.ms-powerpoint.slideshow.macroEnabled.12': ['ppsm'],
  'application/vnd.ms-powerpoint.template.macroEnabled.12': ['potm'],
  'application/vnd.ms-word.document.macroEnabled.12': ['docm'],
  'application/vnd.oasis.opendocument.graphics': ['odg'],
  'application/vnd.oasis.opendocument.presentation': ['odp'],
  'application/vnd.oasis.opendocument.presentation-template': ['otp'],
  'application/vnd.oasis.opendocument.spreadsheet': ['ods'],
  'application/vnd.oasis.opendocument.spreadsheet-template': ['ots'],
  'application/vnd.oasis.opendocument.text': ['odt'],
  'application/vnd.oasis.opendocument.text-template': ['ott'],
  'application/vnd.oasis.opendocument.text-web': ['oth'],
  'application/vnd.openxmlformats-officedocument.presentationml.presentation': ['pptx'],
  'application/vnd.openxmlformats-officedocument.presentationml.slideshow': ['ppsx'],
  'application/vnd.openxmlformats-officedocument.presentationml.template': ['potx'],
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': ['xlsx'],
  'application/vnd.openxmlformats-officedocument.spreadsheetml.template': ['xltx'],
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document': ['docx'],
  'application/vnd.openxmlformats-officedocument.wordprocessingml.template': ['dotx'],
  'application/vnd.rn-realmedia-vbr': ['rmvb'],
  'application/vnd.sun.xml.calc': ['sxc'],
  'application/vnd.sun.xml.impress': ['sxi'],
  'application/vnd.sun.xml.impress.template': ['sti'],
  'application/vnd.sun.xml.writer': ['sxw'],
  'application/x-7z-compressed': ['7z'],
  'application/x-digidoc': ['bdoc', 'cdoc', 'ddoc'],
  'application/x-gtar': ['gtar'],
  'application/x-javascript': ['js'],
  'application/x-mpegURL': ['m3u8'],
  'application/x-mspublisher': ['pub'],
  'application/x-rar-compressed': ['rar'],
  'application/x-shockwave-flash': ['swf', 'swfl'],
  'application/x-stuffit': ['sit'],
  'application/x-tar': ['tar'],
  'application/x-tex': ['tex'],
  'application/xhtml+xml': ['xhtml'],
  'application/xml': ['xml'],
  'application/zip': ['zip'],
  'application/zip.h5p': ['h5p'],
  'audio/aac': ['aac'],
  'audio/au': ['au'],
  'audio/flac': ['flac'],
  'audio/mp3': ['mp3'],
  'audio/mp4': ['m4a'],
  'audio/ogg': ['oga', 'ogg'],
  'audio/wav': ['wav'],
  'audio/x-aiff': ['aif', 'aifc', 'aiff'],
  'audio/x-mpegurl': ['m3u'],
  'audio/x-ms-wma': ['wma'],
  'audio/x-pn-realaudio-plugin': ['ram', 'rm', 'rv'],
  'audio/x-realaudio-plugin': ['ra'],
  'image/bmp': ['bmp'],
  'image/gif': ['gif'],
  'image/jpeg': ['jpe', 'jpeg', 'jpg'],
  'image/pict': ['pct', 'pic', 'pict'],
  'image/png': ['png'],
  'image/svg+xml': ['svg', 'svgz'],
  'image/tiff': ['tif', 'tiff'],
  'image/vnd.microsoft.icon': ['ico'],
  'text/css': ['css'],
  'text/csv': ['csv'],
  'text/html': ['htm', 'html'],
  'text/plain': ['txt'],
  'text/rtf': ['rtf'],
  'text/tab-separated-values': ['tsv'],
  'text/vtt': ['vtt'],
  'text/x-scss': ['scss'],
  'video/mp4': ['f4v', 'm4v', 'mp4'],
  'video/mpeg': ['mpe', 'mpeg', 'mpg'],
  'video/ogg': ['ogv'],
  'video/quicktime': ['3gp', 'mov', 'qt'],
  'video/webm': ['webm'],
  'video/x-dv': ['dif', 'dv'],
  'video/x-flv': ['flv'],
  'video/x-ms-asf': ['asf'],
  'video/x-ms-wm': ['avi'],
  'video/x-ms-wmv': ['wmv'],
  'video/x-sgi-movie': ['movie'],
};

/** The list as tokens: lower case, extensions with a dot, groups and MIME types as they are; ["*"] for anything. */
export function normalizeFileTypes(list: string): string[] {
  const tokens: string[] = [];
  for (const raw of list.split(/[\s,;]+/)) {
    const token = raw.trim().toLowerCase();
    if (!token) continue;
    if (token === '*') return ['*'];
    const normal = token.includes('/') || Object.hasOwn(MOODLE_FILE_GROUPS, token) || token.startsWith('.') ? token : `.${token}`;
    if (!tokens.includes(normal)) tokens.push(normal);
  }
  return tokens;
}

/** The extensions (with dot) the tokens allow; null when any file is allowed (empty list, "*", or only tokens Moodle's defaults do not know). */
export function allowedExtensions(tokens: readonly string[]): Set<string> | null {
  if (tokens.includes('*')) return null;
  const allowed = new Set<string>();
  for (const token of tokens) {
    if (token.startsWith('.')) allowed.add(token);
    else if (Object.hasOwn(MOODLE_FILE_GROUPS, token)) for (const ext of MOODLE_FILE_GROUPS[token] ?? []) allowed.add(`.${ext}`);
    else if (Object.hasOwn(MOODLE_MIME_EXTENSIONS, token)) for (const ext of MOODLE_MIME_EXTENSIONS[token] ?? []) allowed.add(`.${ext}`);
  }
  return allowed.size > 0 ? allowed : null;
}

/** True when a file of this name may be handed in (by its extension, as Moodle checks it). */
export function isAllowedFileName(name: string, tokens: readonly string[]): boolean {
  const allowed = allowedExtensions(tokens);
  if (allowed === null) return true;
  const lower = name.toLowerCase();
  const dot = lower.lastIndexOf('.');
  return dot > 0 && allowed.has(lower.slice(dot));
}
