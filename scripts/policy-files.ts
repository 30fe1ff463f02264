// Policy documentation and IT templates, rendered from the ONE settings schema
// (main/settings/schema.ts) so they cannot drift from what SchulDesk accepts:
//   docs/policy-keys.md, resources/policy/SchulDesk.admx, …/de-DE|en-US/SchulDesk.adml,
//   resources/policy/macos/de.schuldesk.app.plist and …/de.schuldesk.app.mobileconfig.
// Example values come from resources/policy/linux-example.json (itself checked against the schema).
// Write them with `npm run docs:policy`; test/unit/policy-templates.test.ts fails when they are stale.
// Here: the docs and the Windows ADMX/ADML; the macOS plist and profile: policy-files-macos.ts.
import { settingShape } from '../main/policy/sources/setting-shape';
import type { SettingShape } from '../main/policy/sources/setting-shape';
import { REGISTRY_POLICY_PATH } from '../main/policy/sources/windows-registry';
import { MAC_BUNDLE_ID } from '../main/policy/sources/macos-plist';
import { escapeXml } from './lib/xml';
import { renderMacPlist, renderMobileconfig } from './policy-files-macos';
import { DEFAULT_LINUX_POLICY_DIRECTORY } from '../main/policy/fs-sources';
import { SETTING_GROUPS, SETTINGS } from '../main/settings/schema';
import type { AnySettingDefinition, SettingGroup } from '../main/settings/schema';

type Lang = 'de' | 'en';
export type PolicyExample = Record<string, unknown>;

/** The ADMX registry key (HKLM/HKCU are chosen by the policy class). */
const ADMX_KEY = REGISTRY_POLICY_PATH.replace(/^SOFTWARE/, 'Software');
/** ADMX/ADML revision: raise when policies are added, so the Central Store copy is recognisably current. */
const ADMX_REVISION = '1.0';
const SUPPORTED = 'SUPPORTED_SchulDesk_0_1';

/** Device-wide settings: only the computer part of Group Policy (HKLM) may set them. */
const MACHINE_ONLY_GROUPS: ReadonlySet<SettingGroup> = new Set(['device', 'updates', 'network']);

function groupsInOrder(): SettingGroup[] {
  const seen: SettingGroup[] = [];
  for (const definition of SETTINGS) if (!seen.includes(definition.group)) seen.push(definition.group);
  return seen;
}

function defaultText(definition: AnySettingDefinition): string {
  return JSON.stringify(definition.defaultValue);
}

// ---------------------------------------------------------------------------------------------
// Value formats per system (docs)

function jsonTypeText(shape: SettingShape, lang: Lang): string {
  const de = lang === 'de';
  const nullable = shape.nullable ? (de ? ' oder null' : ' or null') : '';
  switch (shape.kind) {
    case 'boolean':
      return `true/false${nullable}`;
    case 'integer':
      return (de ? `ganze Zahl ${shape.min}–${shape.max}` : `whole number ${shape.min}–${shape.max}`) + nullable;
    case 'choice':
      return (de ? 'einer von ' : 'one of ') + shape.values.map((value) => `\`${value}\``).join(', ') + nullable;
    case 'string':
      return (de ? 'Text' : 'text') + nullable;
    case 'list': {
      const item = shape.item.kind === 'choice' ? shape.item.values.map((value) => `\`${value}\``).join('/') : de ? 'Text' : 'text';
      return de ? `Liste (höchstens ${shape.max}) aus ${item}` : `list (at most ${shape.max}) of ${item}`;
    }
    case 'objectList':
      return de
        ? `Liste (höchstens ${shape.max}) von Objekten {${shape.fields.map((field) => `"${field}"`).join(', ')}}`
        : `list (at most ${shape.max}) of objects {${shape.fields.map((field) => `"${field}"`).join(', ')}}`;
  }
}

function registryText(key: string, shape: SettingShape): string {
  switch (shape.kind) {
    case 'boolean':
      return `\`${key}\` REG_DWORD 1/0`;
    case 'integer':
      return `\`${key}\` REG_DWORD`;
    case 'choice':
      return `\`${key}\` REG_SZ`;
    case 'string':
      return shape.nullable ? `\`${key}\` REG_SZ (leer = null)` : `\`${key}\` REG_SZ`;
    case 'list':
      return `Unterschlüssel \`${key}\` mit REG_SZ-Werten \`1\`, \`2\`, … – oder \`${key}\` REG_MULTI_SZ`;
    case 'objectList':
      return `Unterschlüssel \`${key}\`: je Eintrag Wertname = \`${shape.fields[0] ?? ''}\`, Daten = \`${shape.fields[1] ?? ''}\` (REG_SZ) – oder Unterschlüssel \`${key}\\1\`, \`${key}\\2\`, … mit ${shape.fields.map((field) => `\`${field}\``).join(' und ')}`;
  }
}

function plistText(shape: SettingShape): string {
  switch (shape.kind) {
    case 'boolean':
      return '`<true/>`/`<false/>`';
    case 'integer':
      return '`<integer>`';
    case 'choice':
    case 'string':
      return shape.nullable ? '`<string>` (weglassen = null)' : '`<string>`';
    case 'list':
      return '`<array>` aus `<string>`';
    case 'objectList':
      return '`<array>` aus `<dict>`';
  }
}

const PEM = /-----BEGIN CERTIFICATE-----[\s\S]*?-----END CERTIFICATE-----\n?/g;

function holdsPem(value: unknown): boolean {
  return JSON.stringify(value ?? null).includes('BEGIN CERTIFICATE');
}

/** Certificates are long; the docs show their frame only. */
function shortenPem(value: unknown): unknown {
  if (typeof value === 'string') return value.replace(PEM, '-----BEGIN CERTIFICATE-----\nMIIC…\n-----END CERTIFICATE-----\n');
  return Array.isArray(value) ? value.map(shortenPem) : value;
}

export function renderPolicyDocs(example: PolicyExample): string {
  const lines: string[] = [];
  lines.push(
    '<!-- Generated from main/settings/schema.ts by `npm run docs:policy` — do not edit by hand. -->',
    '',
    '# SchulDesk – Richtlinien für die Schul-IT',
    '',
    'Jede Einstellung hat **einen** Schlüssel, der auf allen drei Systemen gleich heißt. Ein per Richtlinie',
    'gesetzter Wert ist gesperrt („von Ihrer Schule festgelegt“); Nutzerinnen und Nutzer können ihn nicht ändern.',
    'Ungültige Werte und unbekannte Schlüssel werden ignoriert und unter *Einstellungen → Richtlinie* gemeldet.',
    '',
    '| System | Ort | Vorlage |',
    '|---|---|---|',
    `| Windows | \`HKLM\\${REGISTRY_POLICY_PATH}\` (Computer), danach \`HKCU\\${REGISTRY_POLICY_PATH}\` (Benutzer) | \`resources/policy/SchulDesk.admx\` + \`de-DE/\`, \`en-US/SchulDesk.adml\` |`,
    `| macOS | \`/Library/Managed Preferences/${MAC_BUNDLE_ID}.plist\` (Gerät), danach \`/Library/Managed Preferences/<Benutzer>/${MAC_BUNDLE_ID}.plist\` | \`resources/policy/macos/${MAC_BUNDLE_ID}.mobileconfig\`, \`…/${MAC_BUNDLE_ID}.plist\` |`,
    `| Linux | \`${DEFAULT_LINUX_POLICY_DIRECTORY}/*.json\` (nach Namen sortiert, spätere Datei gewinnt) | \`resources/policy/linux-example.json\` |`,
    '',
    '**Vorrang:** Der Computer gewinnt immer, Schlüssel für Schlüssel: Ein Wert unter HKCU oder im Benutzerprofil',
    'gilt nur, wenn die Geräterichtlinie diesen Schlüssel nicht setzt. Registrierungsnamen sind wie in Windows',
    'üblich unabhängig von Groß- und Kleinschreibung; in plist und JSON zählt die Schreibweise.',
    '',
    '## Übersicht',
    '',
    '| Schlüssel | Bereich | Wert | Standard | Nutzer darf ändern |',
    '|---|---|---|---|---|',
  );
  for (const definition of SETTINGS) {
    const shape = settingShape(definition);
    lines.push(
      `| [\`${definition.key}\`](#${definition.key.toLowerCase()}) | ${SETTING_GROUPS[definition.group].de} | ${jsonTypeText(shape, 'de')} | \`${defaultText(definition)}\` | ${definition.userEditable ? 'ja, wenn nicht festgelegt' : 'nein'} |`,
    );
  }
  for (const group of groupsInOrder()) {
    lines.push('', `## ${SETTING_GROUPS[group].de} (${SETTING_GROUPS[group].en})`);
    for (const definition of SETTINGS.filter((entry) => entry.group === group)) {
      const shape = settingShape(definition);
      lines.push(
        '',
        `### ${definition.key}`,
        '',
        `**${definition.label.de}** (${definition.label.en})`,
        '',
        definition.description.de,
        '',
        `*${definition.description.en}*`,
        '',
        `- Wert: ${definition.type.expected.de}; Standard: \`${defaultText(definition)}\``,
        `- Windows: ${registryText(definition.key, shape)}${holdsPem(example[definition.key]) ? ' (ein Zertifikat darf in einer Zeile stehen; SchulDesk ergänzt die Zeilenumbrüche)' : ''}${MACHINE_ONLY_GROUPS.has(definition.group) ? ' (in der ADMX nur unter Computerkonfiguration)' : ''}`,
        `- macOS: ${plistText(shape)}`,
        `- Linux (JSON), Beispiel: \`"${definition.key}": ${JSON.stringify(shortenPem(example[definition.key]))}\``,
      );
    }
  }
  lines.push('');
  return lines.join('\n');
}

// ---------------------------------------------------------------------------------------------
// ADMX / ADML

function stringId(text: string): string {
  return text.replace(/[^A-Za-z0-9_]/g, '_');
}

function admxPolicy(definition: AnySettingDefinition): string[] {
  const key = definition.key;
  const shape = settingShape(definition);
  const policyClass = MACHINE_ONLY_GROUPS.has(definition.group) ? 'Machine' : 'Both';
  const head = `    <policy name="${key}" class="${policyClass}" displayName="$(string.${key})" explainText="$(string.${key}_Explain)" key="${ADMX_KEY}"`;
  const frame = [`      <parentCategory ref="SchulDesk_${definition.group}" />`, `      <supportedOn ref="${SUPPORTED}" />`];
  switch (shape.kind) {
    case 'boolean':
      return [
        `${head} valueName="${key}">`,
        ...frame,
        '      <enabledValue>',
        '        <decimal value="1" />',
        '      </enabledValue>',
        '      <disabledValue>',
        '        <decimal value="0" />',
        '      </disabledValue>',
        '    </policy>',
      ];
    case 'integer':
      return [
        `${head} presentation="$(presentation.${key})">`,
        ...frame,
        '      <elements>',
        `        <decimal id="${key}" valueName="${key}" minValue="${shape.min}" maxValue="${shape.max}" required="true" />`,
        '      </elements>',
        '    </policy>',
      ];
    case 'choice':
      return [
        `${head} presentation="$(presentation.${key})">`,
        ...frame,
        '      <elements>',
        `        <enum id="${key}" valueName="${key}" required="true">`,
        ...shape.values.flatMap((value) => [
          `          <item displayName="$(string.${key}_${stringId(value)})">`,
          '            <value>',
          `              <string>${escapeXml(value)}</string>`,
          '            </value>',
          '          </item>',
        ]),
        '        </enum>',
        '      </elements>',
        '    </policy>',
      ];
    case 'string':
      return [
        `${head} presentation="$(presentation.${key})">`,
        ...frame,
        '      <elements>',
        `        <text id="${key}" valueName="${key}" maxLength="2048" required="true" />`,
        '      </elements>',
        '    </policy>',
      ];
    case 'list':
      return [
        `${head} presentation="$(presentation.${key})">`,
        ...frame,
        '      <elements>',
        `        <list id="${key}" key="${ADMX_KEY}\\${key}" valuePrefix="" />`,
        '      </elements>',
        '    </policy>',
      ];
    case 'objectList':
      return [
        `${head} presentation="$(presentation.${key})">`,
        ...frame,
        '      <elements>',
        `        <list id="${key}" key="${ADMX_KEY}\\${key}" explicitValue="true" />`,
        '      </elements>',
        '    </policy>',
      ];
  }
}

export function renderAdmx(): string {
  const lines = [
    '<?xml version="1.0" encoding="utf-8"?>',
    '<!-- SchulDesk policy definitions. Generated from main/settings/schema.ts by `npm run docs:policy` — do not edit by hand.',
    '     Copy SchulDesk.admx to C:\\Windows\\PolicyDefinitions (or the Central Store) and de-DE\\SchulDesk.adml, en-US\\SchulDesk.adml',
    '     into the language folders next to it. -->',
    `<policyDefinitions xmlns:xsd="http://www.w3.org/2001/XMLSchema" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" revision="${ADMX_REVISION}" schemaVersion="1.0" xmlns="http://schemas.microsoft.com/GroupPolicy/2006/07/PolicyDefinitions">`,
    '  <policyNamespaces>',
    '    <target prefix="schuldesk" namespace="SchulDesk.Policies.SchulDesk" />',
    '  </policyNamespaces>',
    `  <resources minRequiredRevision="${ADMX_REVISION}" />`,
    '  <supportedOn>',
    '    <definitions>',
    `      <definition name="${SUPPORTED}" displayName="$(string.${SUPPORTED})" />`,
    '    </definitions>',
    '  </supportedOn>',
    '  <categories>',
    '    <category name="SchulDesk" displayName="$(string.SchulDesk)" />',
    ...groupsInOrder().flatMap((group) => [
      `    <category name="SchulDesk_${group}" displayName="$(string.Category_${group})">`,
      '      <parentCategory ref="SchulDesk" />',
      '    </category>',
    ]),
    '  </categories>',
    '  <policies>',
    ...SETTINGS.flatMap((definition) => admxPolicy(definition)),
    '  </policies>',
    '</policyDefinitions>',
    '',
  ];
  return lines.join('\n');
}

const ADML_TEXT: Record<Lang, { displayName: string; description: string; supported: string; keyLine: (key: string) => string; defaultLine: (value: string) => string }> = {
  de: {
    displayName: 'SchulDesk',
    description: 'Richtlinien für SchulDesk (Moodle und Videounterricht für die Schule).',
    supported: 'SchulDesk 0.1 oder neuer',
    keyLine: (key) => `Registrierungswert: ${key} unter HKLM\\${REGISTRY_POLICY_PATH} (bzw. HKCU; HKLM hat Vorrang).`,
    defaultLine: (value) => `Nicht konfiguriert: ${value}.`,
  },
  en: {
    displayName: 'SchulDesk',
    description: 'Policies for SchulDesk (Moodle and video lessons for schools).',
    supported: 'SchulDesk 0.1 or later',
    keyLine: (key) => `Registry value: ${key} under HKLM\\${REGISTRY_POLICY_PATH} (or HKCU; HKLM takes precedence).`,
    defaultLine: (value) => `Not configured: ${value}.`,
  },
};

function admlPresentation(definition: AnySettingDefinition, lang: Lang): string[] {
  const key = definition.key;
  const shape = settingShape(definition);
  const label = escapeXml(definition.label[lang]);
  switch (shape.kind) {
    case 'boolean':
      return [];
    case 'integer':
      return [
        `      <presentation id="${key}">`,
        `        <decimalTextBox refId="${key}" defaultValue="${String(definition.defaultValue)}" spinStep="1">${label}</decimalTextBox>`,
        '      </presentation>',
      ];
    case 'choice':
      return [
        `      <presentation id="${key}">`,
        `        <dropdownList refId="${key}" noSort="true" defaultItem="${Math.max(0, shape.values.indexOf(String(definition.defaultValue)))}">${label}</dropdownList>`,
        '      </presentation>',
      ];
    case 'string':
      return [`      <presentation id="${key}">`, `        <textBox refId="${key}">`, `          <label>${label}</label>`, '        </textBox>', '      </presentation>'];
    case 'list':
    case 'objectList':
      return [`      <presentation id="${key}">`, `        <listBox refId="${key}">${label}</listBox>`, '      </presentation>'];
  }
}

function explainText(definition: AnySettingDefinition, lang: Lang): string {
  const shape = settingShape(definition);
  const text = ADML_TEXT[lang];
  const parts = [definition.description[lang]];
  if (shape.kind === 'objectList') {
    parts.push(
      lang === 'de'
        ? `Je Zeile: links („Wertname“) der Anzeigename, rechts („Wert“) die Adresse.`
        : `One row each: left ("Value name") the display name, right ("Value") the address.`,
    );
  }
  parts.push(text.defaultLine(defaultText(definition)), text.keyLine(definition.key));
  return escapeXml(parts.join('\n\n'));
}

export function renderAdml(lang: Lang): string {
  const text = ADML_TEXT[lang];
  const strings: string[] = [
    `      <string id="SchulDesk">SchulDesk</string>`,
    `      <string id="${SUPPORTED}">${escapeXml(text.supported)}</string>`,
    ...groupsInOrder().map((group) => `      <string id="Category_${group}">${escapeXml(SETTING_GROUPS[group][lang])}</string>`),
  ];
  for (const definition of SETTINGS) {
    strings.push(`      <string id="${definition.key}">${escapeXml(definition.label[lang])}</string>`);
    strings.push(`      <string id="${definition.key}_Explain">${explainText(definition, lang)}</string>`);
    const shape = settingShape(definition);
    if (shape.kind === 'choice') {
      for (const value of shape.values) strings.push(`      <string id="${definition.key}_${stringId(value)}">${escapeXml(value)}</string>`);
    }
  }
  const lines = [
    '<?xml version="1.0" encoding="utf-8"?>',
    '<!-- Generated from main/settings/schema.ts by `npm run docs:policy` — do not edit by hand. -->',
    `<policyDefinitionResources xmlns:xsd="http://www.w3.org/2001/XMLSchema" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" revision="${ADMX_REVISION}" schemaVersion="1.0" xmlns="http://schemas.microsoft.com/GroupPolicy/2006/07/PolicyDefinitions">`,
    `  <displayName>${escapeXml(text.displayName)}</displayName>`,
    `  <description>${escapeXml(text.description)}</description>`,
    '  <resources>',
    '    <stringTable>',
    ...strings,
    '    </stringTable>',
    '    <presentationTable>',
    ...SETTINGS.flatMap((definition) => admlPresentation(definition, lang)),
    '    </presentationTable>',
    '  </resources>',
    '</policyDefinitionResources>',
    '',
  ];
  return lines.join('\n');
}

/** Every generated file, by path relative to the repository root. */
export function renderPolicyFiles(example: PolicyExample): Record<string, string> {
  return {
    'docs/policy-keys.md': renderPolicyDocs(example),
    'resources/policy/SchulDesk.admx': renderAdmx(),
    'resources/policy/de-DE/SchulDesk.adml': renderAdml('de'),
    'resources/policy/en-US/SchulDesk.adml': renderAdml('en'),
    [`resources/policy/macos/${MAC_BUNDLE_ID}.plist`]: renderMacPlist(example),
    [`resources/policy/macos/${MAC_BUNDLE_ID}.mobileconfig`]: renderMobileconfig(example),
  };
}
