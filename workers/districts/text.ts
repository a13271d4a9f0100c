// How district names and queries are reduced to comparable words: lowercase,
// accents removed, punctuation as a word break. The same rules produce
// districts.name_key (seed, import) and the search query's words, and they
// agree with the FTS5 tokenizer (unicode61, remove_diacritics 2).
// No imports, so the Node seed scripts share it.

/** Lowercased, accent- and punctuation-free, single-spaced. */
export function nameKey(name: string): string {
  return words(name).join(" ");
}

export function words(text: string): string[] {
  return text
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter((w) => w.length > 0);
}
