/* global describe, test, expect */
// README.zh-CN.md is the Chinese translation of README.md. The prose may be
// worded freely, but what a reader runs and where they find it may not drift:
// - every ```sh block of README.md is in README.zh-CN.md, in the same order,
//   with the same command lines (comments may be translated: whole-line
//   comments and trailing `# ...` comments are ignored, nothing else);
// - the same sections: the same sequence of ## and ### headings (translated);
// - both link to each other at the top;
// - README.zh-CN.md's error table is the one scripts/error-table.ts generates;
// - every docs/ image either README shows exists, and README.md shows every image in docs/.
'use strict';
const { spawnSync } = require('node:child_process');
const { existsSync, readdirSync, readFileSync } = require('node:fs');
const { join } = require('node:path');

const ROOT = join(__dirname, '..');
const EN = 'README.md';
const ZH = 'README.zh-CN.md';
const read = (file) => readFileSync(join(ROOT, file), 'utf8');

/** The line without a trailing shell comment: a `#` at the start or after whitespace, outside quotes. */
function stripComment(line) {
  let quote = null;
  for (let i = 0; i < line.length; i += 1) {
    const c = line[i];
    if (quote !== null) {
      if (c === '\\' && quote === '"') i += 1;
      else if (c === quote) quote = null;
    } else if (c === '\\') {
      i += 1;
    } else if (c === "'" || c === '"') {
      quote = c;
    } else if (c === '#' && (i === 0 || /\s/.test(line[i - 1]))) {
      return line.slice(0, i).trimEnd();
    }
  }
  return line.trimEnd();
}

/** Every fenced block of the Markdown text: its info string, its lines and the line it starts on. */
function fencedBlocks(markdown) {
  const blocks = [];
  let open = null;
  markdown.split('\n').forEach((line, index) => {
    const fence = /^(\s*)(```+|~~~+)\s*([^`\s]*)/.exec(line);
    if (open === null) {
      if (fence !== null) open = { fence: fence[2], info: fence[3], line: index + 1, lines: [] };
    } else if (fence !== null && fence[2].startsWith(open.fence) && line.trim() === fence[2]) {
      blocks.push(open);
      open = null;
    } else {
      open.lines.push(line);
    }
  });
  if (open !== null) throw new Error(`a fenced block opened on line ${open.line} is never closed`);
  return blocks;
}

/** The ```sh blocks as their command lines: no blank lines, no comments. */
function shCommands(markdown) {
  return fencedBlocks(markdown)
    .filter((block) => block.info === 'sh')
    .map((block) => ({ line: block.line, commands: block.lines.map(stripComment).filter((line) => line.trim() !== '') }));
}

/** The ## and ### headings outside fenced blocks, as `##` / `###` and their text. */
function headings(markdown) {
  const inBlock = new Set();
  for (const block of fencedBlocks(markdown)) for (let n = block.line; n <= block.line + block.lines.length + 1; n += 1) inBlock.add(n);
  return markdown.split('\n').flatMap((line, index) => {
    const heading = /^(#{2,3}) (.+)$/.exec(line);
    return heading === null || inBlock.has(index + 1) ? [] : [{ level: heading[1], text: heading[2].trim(), line: index + 1 }];
  });
}

describe('the helpers', () => {
  test('stripComment drops whole-line and trailing comments, keeps # inside quotes and words', () => {
    expect(stripComment('# open http://localhost:3000/')).toBe('');
    expect(stripComment('npx -y pnpm@10 start        # the sandbox')).toBe('npx -y pnpm@10 start');
    expect(stripComment('curl -d "{\\"code\\":\\"$P\\"}"   # again: WECHAT_CODE_USED')).toBe('curl -d "{\\"code\\":\\"$P\\"}"');
    expect(stripComment("echo 'a # b' \"c # d\" e#f")).toBe("echo 'a # b' \"c # d\" e#f");
    expect(stripComment('echo \\# not a comment # a comment')).toBe('echo \\# not a comment');
  });

  test('the sh blocks and headings are found, and the comparison sees a changed command', () => {
    const en = '## A\n\n```sh\nnpm install   # deps\n# a comment\nnpm test\n```\n\n### B\n\n```\n## not a heading\n```\n';
    const zh = '## 甲\n\n```sh\n# 注释\nnpm install   # 依赖\nnpm test\n```\n\n### 乙\n';
    expect(shCommands(en)).toEqual([{ line: 3, commands: ['npm install', 'npm test'] }]);
    expect(shCommands(en).map((b) => b.commands)).toEqual(shCommands(zh).map((b) => b.commands));
    expect(shCommands(zh.replace('npm test', 'npm test --watch')).map((b) => b.commands)).not.toEqual(shCommands(en).map((b) => b.commands));
    expect(headings(en).map((h) => `${h.level} ${h.text}`)).toEqual(['## A', '### B']);
  });
});

describe(`${ZH} follows ${EN}`, () => {
  const en = read(EN);
  const zh = read(ZH);

  test('every sh block of README.md is in README.zh-CN.md, in the same order, with identical command lines', () => {
    const enBlocks = shCommands(en);
    const zhBlocks = shCommands(zh);
    expect(enBlocks.length).toBeGreaterThan(0);
    // One entry per README.md block: where it is in each file and its commands, so a failure names the block.
    const pairs = enBlocks.map((block, i) => ({
      [EN]: `line ${block.line}`,
      [ZH]: zhBlocks[i] === undefined ? 'missing' : `line ${zhBlocks[i].line}`,
      commands: block.commands,
      zhCommands: zhBlocks[i] === undefined ? [] : zhBlocks[i].commands,
    }));
    const mismatched = pairs.filter((pair) => JSON.stringify(pair.commands) !== JSON.stringify(pair.zhCommands));
    expect(mismatched).toEqual([]);
    // README.zh-CN.md has no sh block README.md lacks.
    expect(zhBlocks.slice(enBlocks.length).map((block) => ({ [ZH]: `line ${block.line}`, commands: block.commands }))).toEqual([]);
  });

  test('the same sections: the same sequence of ## and ### headings', () => {
    const enHeadings = headings(en);
    const zhHeadings = headings(zh);
    expect(enHeadings.length).toBeGreaterThan(0);
    const name = (h) => (h === undefined ? '(none)' : `${h.level} ${h.text} (line ${h.line})`);
    const length = Math.max(enHeadings.length, zhHeadings.length);
    const first = Array.from({ length }, (_, i) => i).find((i) => enHeadings[i]?.level !== zhHeadings[i]?.level);
    // On a mismatch: the headings of both files around the first one that does not line up.
    const around = first === undefined ? [] : Array.from({ length }, (_, i) => `${name(enHeadings[i])}  <->  ${name(zhHeadings[i])}`).slice(Math.max(0, first - 1), first + 3);
    expect(around).toEqual([]);
    expect(zhHeadings.filter((h) => h.level === '##')).toHaveLength(enHeadings.filter((h) => h.level === '##').length);
    expect(zhHeadings.filter((h) => h.level === '###')).toHaveLength(enHeadings.filter((h) => h.level === '###').length);
  });

  test('each links to the other at its top', () => {
    const top = (text) => text.split('\n').slice(0, 6).join('\n');
    expect(top(en)).toContain('中文文档：[README.zh-CN.md](README.zh-CN.md)');
    expect(top(zh)).toContain('[README.md](README.md)');
  });

  test('its error table is the one scripts/error-table.ts generates (run it with --write)', () => {
    const tsx = join(ROOT, 'node_modules', '.bin', 'tsx');
    const run = spawnSync(tsx, ['--conditions=@phonekit/source', join(ROOT, 'scripts', 'error-table.ts'), '--zh'], { cwd: ROOT, encoding: 'utf8' });
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    const START = '<!-- errors:start (generated by scripts/error-table.ts --write) -->';
    const END = '<!-- errors:end -->';
    const start = zh.indexOf(START);
    const end = zh.indexOf(END);
    expect(start).toBeGreaterThan(-1);
    expect(end).toBeGreaterThan(start);
    expect(zh.slice(start + START.length, end)).toBe(`\n${run.stdout}`);
    expect(run.stdout.split('\n')[0]).toBe('| 错误码 | HTTP 状态码 | 怎么处理 | 含义（英文） | what to do |');
  }, 60_000);

  test('the docs/ images they show exist, and README.md shows every image in docs/', () => {
    const images = (text) => [...text.matchAll(/!\[[^\]]*\]\((docs\/[^)\s]+)\)/g)].map((m) => m[1]);
    const shown = [...new Set([...images(en), ...images(zh)])].sort();
    expect(shown.filter((path) => !existsSync(join(ROOT, path)))).toEqual([]);
    const inDocs = readdirSync(join(ROOT, 'docs'))
      .filter((name) => /\.(png|jpe?g|gif|svg|webp)$/i.test(name))
      .map((name) => `docs/${name}`)
      .sort();
    expect(inDocs.length).toBeGreaterThan(0);
    expect(images(en).sort()).toEqual(inDocs);
    expect(images(zh).sort()).toEqual(inDocs);
  });
});
