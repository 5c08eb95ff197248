// AspectEditor: a small API over CodeMirror 6 with the Nix language, for the
// Rust/wasm side to call through wasm-bindgen. Bundled by esbuild into one
// IIFE that sets globalThis.AspectEditor (see scripts/build-editor.sh).
//
// Offsets are CodeMirror's: UTF-16 code units into the document.
// Nothing here throws on bad input: offsets are clamped, unknown values fall
// back to defaults, and every entry point catches and logs what goes wrong.

import { Annotation, Compartment, EditorSelection, EditorState } from "@codemirror/state";
import {
  EditorView,
  drawSelection,
  highlightActiveLine,
  highlightActiveLineGutter,
  highlightSpecialChars,
  keymap,
  lineNumbers,
} from "@codemirror/view";
import { defaultKeymap, history, historyKeymap, indentWithTab } from "@codemirror/commands";
import { bracketMatching, indentOnInput, LanguageSupport } from "@codemirror/language";
import { lintGutter, lintKeymap, setDiagnostics as cmSetDiagnostics } from "@codemirror/lint";
import { highlightSelectionMatches, searchKeymap } from "@codemirror/search";
import { closeBrackets, closeBracketsKeymap } from "@codemirror/autocomplete";
import { nixLanguage } from "@replit/codemirror-lang-nix";
import { layoutTheme, themeExtension } from "./theme.js";

const VERSION = "cm6-nix-1";

// Marks the transactions made by setText, so onChange is not called for them.
const fromApi = Annotation.define();

// The Nix language without the package's snippet completions (this editor
// has no autocompletion).
const nix = new LanguageSupport(nixLanguage);

function logError(what, err) {
  try {
    console.error(`AspectEditor.${what}:`, err);
  } catch (_) {
    /* no console */
  }
}

// A finite integer offset clamped to [lo, hi]; anything else becomes lo.
function clampOffset(value, lo, hi) {
  let n;
  try {
    n = Number(value);
  } catch (_) {
    n = NaN; // Symbols and the like
  }
  if (!Number.isFinite(n)) n = lo;
  n = Math.trunc(n);
  return n < lo ? lo : n > hi ? hi : n;
}

function asString(value) {
  if (typeof value === "string") return value;
  if (value === undefined || value === null) return "";
  try {
    return String(value);
  } catch (_) {
    return "";
  }
}

const SEVERITIES = { error: "error", warning: "warning", info: "info", hint: "hint" };

function readOnlyExtension(ro) {
  return ro
    ? [
        EditorState.readOnly.of(true),
        EditorView.editable.of(false),
        // Non-editable content is not focusable by itself; keep it reachable
        // by keyboard and by focus()/reveal().
        EditorView.contentAttributes.of({ tabindex: "0" }),
      ]
    : [EditorState.readOnly.of(false), EditorView.editable.of(true)];
}

function callSafely(what, fn, arg) {
  if (typeof fn !== "function") return;
  try {
    fn(arg);
  } catch (err) {
    logError(what, err);
  }
}

function create(parent, opts) {
  const o = opts && typeof opts === "object" ? opts : {};
  const onChange = o.onChange;
  const onCursor = o.onCursor;
  const themeSlot = new Compartment();
  const readOnlySlot = new Compartment();
  let destroyed = false;
  let lastHead = 0;

  const listener = EditorView.updateListener.of((update) => {
    if (update.docChanged && update.transactions.some((tr) => tr.docChanged && !tr.annotation(fromApi))) {
      callSafely("onChange", onChange, update.state.doc.toString());
    }
    const head = update.state.selection.main.head;
    if (head !== lastHead) {
      lastHead = head;
      callSafely("onCursor", onCursor, head);
    }
  });

  const state = EditorState.create({
    doc: asString(o.doc),
    extensions: [
      lineNumbers(),
      highlightActiveLineGutter(),
      highlightSpecialChars(),
      history(),
      drawSelection(),
      indentOnInput(),
      bracketMatching(),
      closeBrackets(),
      highlightActiveLine(),
      highlightSelectionMatches(),
      lintGutter(),
      nix,
      keymap.of([
        ...closeBracketsKeymap,
        ...defaultKeymap,
        ...searchKeymap,
        ...historyKeymap,
        ...lintKeymap,
        indentWithTab,
      ]),
      layoutTheme,
      themeSlot.of(themeExtension(o.theme)),
      readOnlySlot.of(readOnlyExtension(!!o.readOnly)),
      EditorView.editorAttributes.of({ class: "aspect-editor" }),
      EditorView.contentAttributes.of({ "aria-label": asString(o.label) || "Code editor" }),
      listener,
    ],
  });

  const hasParent = parent && typeof parent === "object" && typeof parent.appendChild === "function";
  if (!hasParent) logError("create", "no parent element given; the editor is not attached");
  const view = new EditorView(hasParent ? { state, parent } : { state });

  function dispatch(spec) {
    if (destroyed) return;
    view.dispatch(spec);
  }

  function guard(what, fn, fallback) {
    return (...args) => {
      try {
        return fn(...args);
      } catch (err) {
        logError(what, err);
        return fallback;
      }
    };
  }

  return {
    getText: guard("getText", () => view.state.doc.toString(), ""),

    // Replaces the whole document as one undoable step. Skips the change
    // when the text is the same. Clears the diagnostics, which belonged to
    // the old text. Does not call onChange.
    setText: guard("setText", (text) => {
      const doc = view.state.doc;
      const next = asString(text);
      if (doc.length === next.length && doc.toString() === next) return;
      const head = Math.min(view.state.selection.main.head, next.length);
      dispatch({
        changes: { from: 0, to: doc.length, insert: next },
        selection: EditorSelection.cursor(head),
        effects: cmSetDiagnostics(view.state, []).effects,
        annotations: fromApi.of(true),
      });
    }),

    setDiagnostics: guard("setDiagnostics", (list) => {
      const len = view.state.doc.length;
      const out = [];
      if (list && typeof list === "object" && typeof list[Symbol.iterator] === "function") {
        for (const d of list) {
          if (!d || typeof d !== "object") continue;
          const a = clampOffset(d.from, 0, len);
          const b = d.to === undefined ? a : clampOffset(d.to, 0, len);
          const from = Math.min(a, b);
          const to = Math.max(a, b);
          const severity = SEVERITIES[asString(d.severity)] || "error";
          out.push({ from, to, severity, message: asString(d.message) });
        }
      }
      out.sort((a, b) => a.from - b.from || a.to - b.to);
      dispatch(cmSetDiagnostics(view.state, out));
    }),

    reveal: guard("reveal", (from, to) => {
      const len = view.state.doc.length;
      const x = clampOffset(from, 0, len);
      const y = to === undefined ? x : clampOffset(to, 0, len);
      const a = Math.min(x, y);
      const b = Math.max(x, y);
      dispatch({
        selection: EditorSelection.single(a, b),
        effects: EditorView.scrollIntoView(EditorSelection.range(a, b), { y: "center" }),
        userEvent: "select",
      });
      if (!destroyed) view.focus();
    }),

    setTheme: guard("setTheme", (name) => {
      dispatch({ effects: themeSlot.reconfigure(themeExtension(name)) });
    }),

    setReadOnly: guard("setReadOnly", (ro) => {
      dispatch({ effects: readOnlySlot.reconfigure(readOnlyExtension(!!ro)) });
    }),

    focus: guard("focus", () => {
      if (!destroyed) view.focus();
    }),

    destroy: guard("destroy", () => {
      if (destroyed) return;
      destroyed = true;
      view.destroy();
    }),
  };
}

// What create returns if building the editor failed: keeps the text, does
// nothing else, so the caller's later calls do not throw either.
function inertHandle(opts) {
  let text = asString(opts && typeof opts === "object" ? opts.doc : "");
  const nothing = () => {};
  return {
    getText: () => text,
    setText: (t) => {
      text = asString(t);
    },
    setDiagnostics: nothing,
    reveal: nothing,
    setTheme: nothing,
    setReadOnly: nothing,
    focus: nothing,
    destroy: nothing,
  };
}

const AspectEditor = Object.freeze({
  version: VERSION,
  create(parent, opts) {
    try {
      return create(parent, opts);
    } catch (err) {
      logError("create", err);
      return inertHandle(opts);
    }
  },
});

globalThis.AspectEditor = AspectEditor;
