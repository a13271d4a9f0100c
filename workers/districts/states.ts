// States and territories as they appear in the directory (2-letter codes, plus
// BI for the Bureau of Indian Education) with their names, for the state filter
// and for reading a state out of a query ("springfield il", "Springfield, Illinois").

export const STATES: Readonly<Record<string, string>> = {
  AL: "Alabama", AK: "Alaska", AZ: "Arizona", AR: "Arkansas", CA: "California", CO: "Colorado",
  CT: "Connecticut", DE: "Delaware", DC: "District of Columbia", FL: "Florida", GA: "Georgia",
  HI: "Hawaii", ID: "Idaho", IL: "Illinois", IN: "Indiana", IA: "Iowa", KS: "Kansas", KY: "Kentucky",
  LA: "Louisiana", ME: "Maine", MD: "Maryland", MA: "Massachusetts", MI: "Michigan", MN: "Minnesota",
  MS: "Mississippi", MO: "Missouri", MT: "Montana", NE: "Nebraska", NV: "Nevada", NH: "New Hampshire",
  NJ: "New Jersey", NM: "New Mexico", NY: "New York", NC: "North Carolina", ND: "North Dakota",
  OH: "Ohio", OK: "Oklahoma", OR: "Oregon", PA: "Pennsylvania", RI: "Rhode Island", SC: "South Carolina",
  SD: "South Dakota", TN: "Tennessee", TX: "Texas", UT: "Utah", VT: "Vermont", VA: "Virginia",
  WA: "Washington", WV: "West Virginia", WI: "Wisconsin", WY: "Wyoming",
  AS: "American Samoa", GU: "Guam", MP: "Northern Mariana Islands", PR: "Puerto Rico", VI: "Virgin Islands",
  BI: "Bureau of Indian Education",
};

export const STATE_CODES = Object.keys(STATES).sort();

export function isStateCode(code: string): boolean {
  return Object.hasOwn(STATES, code.toUpperCase());
}

export function stateName(code: string): string {
  return STATES[code.toUpperCase()] ?? code;
}

/** Query words (lowercased, as text.ts `words` gives them) that name a state, longest first. */
const STATE_PHRASES: Array<{ words: string[]; code: string }> = [];
for (const [code, name] of Object.entries(STATES)) {
  STATE_PHRASES.push({ words: [code.toLowerCase()], code });
  STATE_PHRASES.push({ words: name.toLowerCase().split(" "), code });
}
STATE_PHRASES.push({ words: ["us", "virgin", "islands"], code: "VI" });
STATE_PHRASES.push({ words: ["bie"], code: "BI" });
STATE_PHRASES.sort((a, b) => b.words.length - a.words.length);

/**
 * If the query's last words name a state and other words remain, returns the
 * remaining words and the state code. The caller decides whether to trust it
 * (a name like "New York" must still be found as a name).
 */
export function trailingState(queryWords: string[]): { words: string[]; state: string } | null {
  for (const phrase of STATE_PHRASES) {
    const n = phrase.words.length;
    if (queryWords.length <= n) continue;
    const tail = queryWords.slice(-n);
    if (tail.every((w, i) => w === phrase.words[i])) {
      return { words: queryWords.slice(0, -n), state: phrase.code };
    }
  }
  return null;
}
