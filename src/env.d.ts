/// <reference types="astro/client" />
/// <reference types="@astrojs/cloudflare/types.d.ts" />

type HomeroomEnv = import("../workers/env").Env;
declare namespace Cloudflare {
  // The Worker's bindings, for `import { env } from "cloudflare:workers"`.
  interface Env extends HomeroomEnv {}
}

declare namespace App {
  interface Locals {
    /** The signed-in user, if any (set by src/middleware.ts). */
    user: import("../workers/accounts/actor").SessionUser | null;
    /** The vendor acting through this session, if the user is a vendor user. */
    actor: import("../workers/accounts/actor").Actor | null;
  }
}
