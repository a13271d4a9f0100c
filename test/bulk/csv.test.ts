// Guards the CSV reader of bulk invitations: quoted fields with commas, doubled
// quotes and line breaks, CRLF and LF, a BOM, blank lines, header names in any
// order and case, and the refusals of files too large or without a header.
import { describe, expect, it } from "vitest";
import { MAX_ROWS, parseCsv, readSheet, splitEmails, TEMPLATE_CSV } from "../../workers/bulk/csv";

describe("parseCsv", () => {
  it("reads quoted fields holding commas, doubled quotes and line breaks", () => {
    expect(parseCsv('a,"b, c","say ""hi""","two\nlines"\n')).toEqual([["a", "b, c", 'say "hi"', "two\nlines"]]);
  });

  it("reads CRLF and LF alike, drops a BOM and blank lines, keeps empty fields", () => {
    expect(parseCsv("\uFEFFx,y\r\n\r\n1,\r\n,2\n\n3,4")).toEqual([["x", "y"], ["1", ""], ["", "2"], ["3", "4"]]);
  });

  it("keeps a quote that is not at the start of a field as text", () => {
    expect(parseCsv('O"Brien,x')).toEqual([['O"Brien', "x"]]);
  });
});

describe("readSheet", () => {
  it("maps columns by header name in any order and case, trims cells, fills missing columns with empty text", () => {
    const sheet = readSheet('Contact_Email,NCES_ID,contact_name\r\n pat@d.test ,0600001,"Pat, Principal"\r\n');
    expect(sheet.error).toBeNull();
    expect(sheet.records).toEqual([{
      nces_id: "0600001", contact_name: "Pat, Principal", contact_email: "pat@d.test", additional_emails: "", launch_date: "", message: "",
    }]);
  });

  it("drops lines of empty cells, as spreadsheets write them", () => {
    expect(readSheet("nces_id,contact_name\n,\n0600001,Pat\n , \n").records.map((r) => r.nces_id)).toEqual(["0600001"]);
  });

  it("reads its own template", () => {
    const sheet = readSheet(TEMPLATE_CSV);
    expect(sheet.records).toHaveLength(2);
    expect(splitEmails(sheet.records[0]!.additional_emails)).toEqual(["ana@district.example", "bo@district.example"]);
    expect(sheet.records[1]!.message).toBe("Hello from our team, we'd like to connect.");
  });

  it("refuses a file without the header line, with no rows, with too many rows, or over 1 MB", () => {
    expect(readSheet("0600001,Pat,pat@d.test\n").error).toMatch(/first line must name the columns/);
    expect(readSheet("nces_id,contact_name\n").error).toMatch(/no rows/);
    const many = `nces_id\n${"0600001\n".repeat(MAX_ROWS + 1)}`;
    expect(readSheet(many).error).toMatch(/2,001 rows; at most 2,000/);
    expect(readSheet(`nces_id\n${"x".repeat(1024 * 1024)}`).error).toMatch(/larger than 1 MB/);
  });
});
