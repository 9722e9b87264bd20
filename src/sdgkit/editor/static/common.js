/* sdgkit editor: what the grid (editor.js) and the form (form.js) share. Plain ES2019, no library. */
