// The form builder's strings (zh-CN first, then English), merged into vue-i18n by the builder's
// own chunk (mergeBuilderMessages), so that they are not part of every user's first load. The one
// string shown outside the builder (the admin screen's link, builder.open) is in zh-CN.ts and en.ts.
import { watch } from 'vue'
import { i18n } from './index'

const zh = {
  title: '表单设计器', open: '打开表单设计器', start: '开始', existing: '已有表单', editExisting: '修改此表单', copy: '复制为新表单', new: '新建空白表单', untitled: '（未命名表单）',
  yaml: 'YAML 导入与导出', yamlText: 'YAML 文本', yamlLoad: '从 YAML 载入', yamlShow: '显示当前 YAML', yamlExport: '下载已发布版本的 YAML', yamlBad: '无法读取 YAML：{e}',
  xlsx: 'XLSX（XLSForm 列）导入与导出', xlsxHint: '工作表 survey（type、name、label、hint、required、relevant、calculation…）、choices、checks、settings；规则为 JSON Logic 文本。', xlsxLoad: '从 XLSX 载入', xlsxExport: '下载已发布版本的 XLSX',
  meta: '表单信息', code: '表单编码', period: '填报周期', formTitle: '标题', formTitleEn: '英文标题', orgTypes: '适用单位类型',
  periods: { year: '年度', half: '半年', quarter: '季度', month: '月度' },
  fields: '字段', noFields: '还没有字段，请在下方添加。', newType: '新字段类型', addField: '添加字段', computed: '自动计算',
  reorderHint: '拖动字段，或用 ↑ ↓ 按钮（选中后按 Alt+↑/↓）调整顺序。', moveUp: '上移 {name}', moveDown: '下移 {name}', remove: '删除 {name}',
  type: { integer: '整数', decimal: '小数', money: '金额', percent: '百分比', boolean: '是/否', single_choice: '单选', multi_choice: '多选', text: '文本', date: '日期', repeat: '重复组', attachment: '附件' },
  editField: '编辑字段 {name}', key: '字段编码', typeLabel: '类型', label: '名称', labelEn: '英文名称', help: '说明', helpEn: '英文说明', unit: '单位', unitEn: '英文单位',
  min: '最小值', max: '最大值', scale: '小数位数', options: '选项', optValue: '存储值', optLabel: '显示名称', optLabelEn: '英文显示名称', addOption: '添加选项', removeOption: '删除选项',
  maxSize: '单个文件上限（MB）', minRows: '最少行数', maxRows: '最多行数', repeatHint: '重复组的列可在 YAML 中编辑。', columns: '明细表的列', addColumn: '添加列', colUp: '上移列 {name}', colDown: '下移列 {name}', required: '必填',
  calculate: '计算规则', calcNone: '手工填写', calcArith: 'A 与 B 运算', advanced: '高级（JSON Logic）', operandA: 'A', operandB: 'B', operator: '运算',
  op: { div: '÷ 除以', add: '+ 加', sub: '− 减', mul: '× 乘' }, jsonLogic: 'JSON Logic 规则', badJSON: 'JSON 有误：{e}',
  showWhen: '显示条件', showAlways: '始终显示', showIf: '当某项满足条件时显示', showField: '字段', show: { is: '等于', isNot: '不等于', gt: '大于' },
  checks: '校验规则', checkWhen: '当字段', checkDir: '条件', below: '低于', above: '高于', checkValue: '数值', severity: '处理方式', warning: '提醒', error: '阻止提交',
  message: '提示语', messageEn: '英文提示语', addCheck: '添加校验', checkIncomplete: '请选择字段，填写数值和提示语。', checkText: '{sev}：{field} {dir} {value}',
  preview: '手机预览', phone: '手机预览框', outcome: '测试结果', hidden: '隐藏的字段：{keys}',
  publish: '发布', publishHint: '发布前先在服务器上试运行：显示与当前版本的差异和受影响的指标；会破坏指标的修改将被拒绝。', dryRun: '试运行（检查差异）',
  unchanged: '与当前版本 v{v} 相同，无需发布。', willBe: '将发布为 v{v}（当前 v{cur}）。', diff: '差异', noDiff: '无字段变化', affected: '读取已修改字段的指标',
  pinned: '仍在旧版本上', openCampaign: '进行中的填报任务“{title}”（v{v}）', pinnedDrafts: '{n} 份草稿或退回的报表，升级前保持原版本',
  change: { added: '新增', removed: '删除', changed: '修改' }, publishNow: '发布 v{v}', published: '已发布 {code} v{v}',
  calcSum: '明细列合计', sumRepeat: '明细表', sumColumn: '列', noRepeat: '表单中还没有含数值列的明细表。',
  shape: '规则类型', shapeBound: '字段低于/高于数值', shapeCompare: '字段 A 大于字段 B', shapeChange: '与上期相比变化超过 N%',
  checkA: '字段 A', checkB: '字段 B', checkPct: '变化幅度（%）', compareIncomplete: '请选择两个不同的字段并填写提示语。', changeIncomplete: '请选择字段，填写 0 到 100 之间的百分比和提示语。',
  compareText: '{sev}：{a} 大于 {b}', changeText: '{sev}：{field} 与上期相比变化超过 {pct}%',
  tests: '测试用例', testsHint: '在手机预览中填入测试数据，把当前的计算结果、隐藏字段、错误和提醒保存为用例；每次修改都会重新运行，发布时服务器也会运行，未通过的用例会阻止发布。', testName: '用例名称', testSave: '保存为测试用例', testNameRequired: '请填写用例名称。', testPass: '通过', testFail: '未通过', testLoad: '把用例 {name} 的数据填入预览', testLoadShort: '填入预览', noTests: '还没有测试用例。', prevValue: '上期 {name}',
}

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

let watching = false

/**
 * Adds the builder's strings to both languages. English arrives later (loadLang replaces its
 * messages when first chosen), so they are added again whenever the language changes.
 */
export function mergeBuilderMessages() {
  const merge = () => {
    i18n.global.mergeLocaleMessage('zh-CN', { builder: zh })
    i18n.global.mergeLocaleMessage('en', { builder: en })
  }
  merge()
  if (!watching) {
    watching = true
    watch(i18n.global.locale, merge, { flush: 'sync' })
  }
}
