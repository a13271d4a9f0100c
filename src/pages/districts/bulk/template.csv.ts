// The template for bulk invitations: the columns, with two example rows.
import type { APIRoute } from "astro";
import { TEMPLATE_CSV } from "../../../../workers/bulk/csv";

export const GET: APIRoute = () =>
  new Response(TEMPLATE_CSV, {
    headers: { "content-type": "text/csv; charset=utf-8", "content-disposition": 'attachment; filename="homeroom-bulk-invitations.csv"' },
  });
