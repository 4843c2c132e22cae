// The console's SQL editor: CodeMirror 6 with SQL highlighting, bundled into one file the server serves.
// CodeMirror injects its styles as a <style> element; the page's policy admits it by the nonce the server put
// into this page's policy and its csp-nonce meta tag.
import { EditorState } from "@codemirror/state";
import { EditorView, keymap, lineNumbers, highlightActiveLine, drawSelection } from "@codemirror/view";
import { defaultKeymap, history, historyKeymap } from "@codemirror/commands";
import { syntaxHighlighting, defaultHighlightStyle, bracketMatching } from "@codemirror/language";
import { sql, PostgreSQL } from "@codemirror/lang-sql";

export function createEditor(parent, { doc = "", onRun = () => {}, nonce = "" } = {}) {
  const run = () => { onRun(); return true; };
  const view = new EditorView({
    parent,
    state: EditorState.create({
      doc,
      extensions: [
        lineNumbers(), history(), drawSelection(), highlightActiveLine(), bracketMatching(),
        syntaxHighlighting(defaultHighlightStyle), sql({ dialect: PostgreSQL, upperCaseKeywords: true }),
        keymap.of([{ key: "Mod-Enter", run }, ...defaultKeymap, ...historyKeymap]),
        EditorView.lineWrapping, EditorView.cspNonce.of(nonce),
      ],
    }),
  });
  return {
    getValue: () => view.state.doc.toString(),
    setValue: (text) => view.dispatch({ changes: { from: 0, to: view.state.doc.length, insert: text } }),
    focus: () => view.focus(),
  };
}
