export * from "./accounts";
export * from "./connections";
export * from "./directory";
export * from "./email";
export * from "./invitations";
export * from "./requests";
