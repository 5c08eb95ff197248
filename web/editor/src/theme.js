// Light and dark looks for the editor: one EditorView theme (chrome) and one
// HighlightStyle (syntax colours) each. Colours were picked for at least
// 4.5:1 contrast against their background (WCAG AA for normal text).

import { EditorView } from "@codemirror/view";
import { HighlightStyle, syntaxHighlighting } from "@codemirror/language";
import { tags as t } from "@lezer/highlight";

// Shared by both looks: fill the parent, scroll inside.
export const layoutTheme = EditorView.theme({
  "&": { height: "100%", fontSize: "14px" },
  ".cm-scroller": {
    overflow: "auto",
    fontFamily:
      'ui-monospace, SFMono-Regular, "SF Mono", Menlo, Consolas, "Liberation Mono", monospace',
    lineHeight: "1.5",
  },
  ".cm-content": { padding: "4px 0" },
  ".cm-gutters": { borderRight: "1px solid transparent" },
  ".cm-lineNumbers .cm-gutterElement": { padding: "0 8px 0 12px" },
});

function chrome(c, dark) {
  return EditorView.theme(
    {
      "&": { color: c.fg, backgroundColor: c.bg },
      // The focus ring is an overlay: an outline on the root would be
      // painted under the (sticky, positioned) gutters on the left.
      "&.cm-focused": { outline: "none" },
      "&.cm-focused::after": {
        content: '""',
        position: "absolute",
        inset: "0",
        border: `2px solid ${c.focus}`,
        pointerEvents: "none",
        zIndex: "500",
      },
      ".cm-content": { caretColor: c.cursor },
      ".cm-cursor, .cm-dropCursor": { borderLeftColor: c.cursor, borderLeftWidth: "2px" },
      "&.cm-focused > .cm-scroller > .cm-selectionLayer .cm-selectionBackground, .cm-selectionBackground, .cm-content ::selection":
        { backgroundColor: c.selection },
      // Translucent: the drawn selection sits under the lines.
      ".cm-activeLine": { backgroundColor: c.activeLine },
      ".cm-activeLineGutter": { backgroundColor: c.activeGutter, color: c.fg },
      ".cm-gutters": { backgroundColor: c.gutterBg, color: c.gutterFg, borderRightColor: c.border },
      "&.cm-focused .cm-matchingBracket": { backgroundColor: c.bracket, outline: `1px solid ${c.bracketOutline}` },
      "&.cm-focused .cm-nonmatchingBracket": { backgroundColor: c.badBracket },
      ".cm-searchMatch": { backgroundColor: c.search, outline: `1px solid ${c.searchOutline}` },
      ".cm-searchMatch.cm-searchMatch-selected": { backgroundColor: c.searchSelected },
      ".cm-selectionMatch": { backgroundColor: c.selectionMatch },
      ".cm-panels": { backgroundColor: c.gutterBg, color: c.fg },
      ".cm-panels.cm-panels-top": { borderBottom: `1px solid ${c.border}` },
      ".cm-panels.cm-panels-bottom": { borderTop: `1px solid ${c.border}` },
      ".cm-tooltip": { backgroundColor: c.tooltipBg, color: c.fg, border: `1px solid ${c.border}` },
      ".cm-diagnosticText": { color: c.fg },
    },
    { dark },
  );
}

const dark = {
  bg: "#1e1e1e",
  fg: "#d4d4d4",
  cursor: "#aeafad",
  focus: "#4d90fe",
  selection: "#264f78",
  activeLine: "rgba(255, 255, 255, 0.06)",
  activeGutter: "#2a2d2e",
  gutterBg: "#1e1e1e",
  gutterFg: "#8f8f8f",
  border: "#3c3c3c",
  bracket: "#3b514d",
  bracketOutline: "#888888",
  badBracket: "#6b2020",
  search: "#613214",
  searchOutline: "#8a5a2a",
  searchSelected: "#515c6a",
  selectionMatch: "#3a3d41",
  tooltipBg: "#252526",
};

const light = {
  bg: "#ffffff",
  fg: "#1f1f1f",
  cursor: "#000000",
  focus: "#0b61d6",
  selection: "#add6ff",
  activeLine: "rgba(0, 90, 200, 0.06)",
  activeGutter: "#e8eef6",
  gutterBg: "#f7f7f7",
  gutterFg: "#6b6b6b",
  border: "#dddddd",
  bracket: "#dbeedd",
  bracketOutline: "#b9b9b9",
  badBracket: "#f6c9c9",
  search: "#fff0a8",
  searchOutline: "#d9c25a",
  searchSelected: "#f8c77e",
  selectionMatch: "#e2ecf7",
  tooltipBg: "#f7f7f7",
};

const darkHighlight = HighlightStyle.define(
  [
    { tag: [t.keyword, t.bool, t.null], color: "#569cd6" },
    { tag: t.controlKeyword, color: "#c586c0" },
    { tag: [t.string, t.special(t.string)], color: "#ce9178" },
    { tag: [t.escape], color: "#d7ba7d" },
    { tag: [t.comment, t.lineComment, t.blockComment], color: "#7ca668", fontStyle: "italic" },
    { tag: [t.number, t.integer, t.float], color: "#b5cea8" },
    { tag: [t.propertyName, t.variableName], color: "#9cdcfe" },
    { tag: [t.url, t.literal], color: "#4ec9b0" },
    { tag: [t.paren, t.brace, t.squareBracket, t.operator, t.punctuation], color: "#d4d4d4" },
    { tag: t.invalid, color: "#f48771" },
  ],
  { themeType: "dark" },
);

const lightHighlight = HighlightStyle.define(
  [
    { tag: [t.keyword, t.bool, t.null], color: "#0000ff" },
    { tag: t.controlKeyword, color: "#af00db" },
    { tag: [t.string, t.special(t.string)], color: "#a31515" },
    { tag: [t.escape], color: "#795e26" },
    { tag: [t.comment, t.lineComment, t.blockComment], color: "#008000", fontStyle: "italic" },
    { tag: [t.number, t.integer, t.float], color: "#098658" },
    { tag: [t.propertyName, t.variableName], color: "#001080" },
    { tag: [t.url, t.literal], color: "#1d6b82" },
    { tag: [t.paren, t.brace, t.squareBracket, t.operator, t.punctuation], color: "#1f1f1f" },
    { tag: t.invalid, color: "#cd3131" },
  ],
  { themeType: "light" },
);

// Built once: each EditorView.theme call mounts a new style module.
const looks = {
  dark: [chrome(dark, true), syntaxHighlighting(darkHighlight)],
  light: [chrome(light, false), syntaxHighlighting(lightHighlight)],
};

// The extensions for one look; anything but "dark" is the light look.
export function themeExtension(name) {
  return name === "dark" ? looks.dark : looks.light;
}
