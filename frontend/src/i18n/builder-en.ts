// The form builder's strings in English (merged by i18n/builder.ts once the builder opens). A
// module of its own so that the build compiles them like the app's (vite.config.ts, i18nPrecompile).
import type zh from './builder-zh'

const en: typeof zh = {
  title: 'Form builder', open: 'Open the form builder', start: 'Start', existing: 'Existing form', editExisting: 'Edit this form', copy: 'Copy as a new form', new: 'New blank form', untitled: '(untitled form)',
  yaml: 'YAML import and export', yamlText: 'YAML text', yamlLoad: 'Load from YAML', yamlShow: 'Show the current YAML', yamlExport: 'Download the published YAML', yamlBad: 'Cannot read the YAML: {e}',
  xlsx: 'XLSX (XLSForm columns) import and export', xlsxHint: 'Sheets survey (type, name, label, hint, required, relevant, calculation…), choices, checks and settings; rules are JSON Logic text.', xlsxLoad: 'Load from XLSX', xlsxExport: 'Download the published XLSX',
  meta: 'Form', code: 'Form code', period: 'Period', formTitle: 'Title', formTitleEn: 'English title', orgTypes: 'Unit types',
  periods: { year: 'Yearly', half: 'Half-yearly', quarter: 'Quarterly', month: 'Monthly' },
  fields: 'Fields', noFields: 'No fields yet: add one below.', newType: 'New field type', addField: 'Add field', computed: 'computed',
  reorderHint: 'Drag a field, or use ↑ ↓ (or Alt+↑/↓ on a selected field) to reorder.', moveUp: 'Move {name} up', moveDown: 'Move {name} down', remove: 'Delete {name}',
  type: { integer: 'Integer', decimal: 'Decimal', money: 'Money', percent: 'Percent', boolean: 'Yes/no', single_choice: 'Single choice', multi_choice: 'Multiple choice', text: 'Text', date: 'Date', repeat: 'Repeat group', attachment: 'Attachment' },
  editField: 'Edit field {name}', key: 'Field key', typeLabel: 'Type', label: 'Label', labelEn: 'English label', help: 'Help', helpEn: 'English help', unit: 'Unit', unitEn: 'English unit',
  min: 'Minimum', max: 'Maximum', scale: 'Decimal places', options: 'Options', optValue: 'Stored value', optLabel: 'Label', optLabelEn: 'English label', addOption: 'Add option', removeOption: 'Delete option',
  maxSize: 'Largest file (MB)', minRows: 'Fewest rows', maxRows: 'Most rows', repeatHint: 'A repeat group\'s columns are edited in the YAML.', columns: 'Columns of the repeat group', addColumn: 'Add column', colUp: 'Move column {name} up', colDown: 'Move column {name} down', required: 'Required',
  calculate: 'Rule', calcNone: 'Entered', calcArith: 'A op B', advanced: 'Advanced (JSON Logic)', operandA: 'A', operandB: 'B', operator: 'Operation',
  op: { div: '÷ divided by', add: '+ plus', sub: '− minus', mul: '× times' }, jsonLogic: 'JSON Logic rule', badJSON: 'Invalid JSON: {e}',
  showWhen: 'Shown', showAlways: 'Always', showIf: 'When a field…', showField: 'Field', show: { is: 'is', isNot: 'is not', gt: 'is greater than' },
  checks: 'Checks', checkWhen: 'When field', checkDir: 'is', below: 'below', above: 'above', checkValue: 'Value', severity: 'Then', warning: 'Warn', error: 'Block',
  message: 'Message', messageEn: 'English message', addCheck: 'Add check', checkIncomplete: 'Choose a field and enter a value and a message.', checkText: '{sev}: {field} {dir} {value}',
  preview: 'Phone preview', phone: 'Phone preview frame', outcome: 'Test result', hidden: 'Hidden fields: {keys}',
  publish: 'Publish', publishHint: 'A dry run on the server comes first: the diff against the current version and the indicators affected; a change that breaks an indicator is refused.', dryRun: 'Dry run (check the diff)',
  unchanged: 'Same as the current version v{v}: nothing to publish.', willBe: 'Publishes v{v} (current v{cur}).', diff: 'Diff', noDiff: 'No field changes', affected: 'Indicators reading changed fields',
  pinned: 'Staying on an older version', openCampaign: 'Open campaign “{title}” (v{v})', pinnedDrafts: '{n} drafts or returned forms, kept on their version until upgraded',
  change: { added: 'Added', removed: 'Removed', changed: 'Changed' }, publishNow: 'Publish v{v}', published: 'Published {code} v{v}',
  calcSum: 'Sum of a repeat column', sumRepeat: 'Repeat group', sumColumn: 'Column', noRepeat: 'The form has no repeat group with a number column yet.',
  shape: 'Kind of check', shapeBound: 'Field below/above a value', shapeCompare: 'Field A greater than field B', shapeChange: 'Changed by more than N% from last period',
  checkA: 'Field A', checkB: 'Field B', checkPct: 'Change (%)', compareIncomplete: 'Choose two different fields and enter a message.', changeIncomplete: 'Choose a field, a percentage between 0 and 100 and a message.',
  compareText: '{sev}: {a} greater than {b}', changeText: '{sev}: {field} changed by more than {pct}% from last period',
  tests: 'Test cases', testsHint: 'Type test values into the phone preview and save what they give now (computed and hidden fields, errors, warnings) as a case; cases run again on every change and on the server when publishing, where a failing case refuses the version.', testName: 'Case name', testSave: 'Save as a test case', testNameRequired: 'Enter a name for the case.', testPass: 'Pass', testFail: 'Fail', testLoad: 'Use values of case {name}', testLoadShort: 'Use values', noTests: 'No test cases yet.', prevValue: 'Last period: {name}',
}

export default en
