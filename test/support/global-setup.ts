// Starts the fake Resend server for the workerd tests (its port is chosen in vitest.config.ts).
import { startFakeResend } from "./fake-resend";

export default async function setup() {
  const server = await startFakeResend(Number(process.env.FAKE_RESEND_PORT));
  return () => new Promise<void>((resolve) => server.close(() => resolve()));
}
