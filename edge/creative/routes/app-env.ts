/** The Hono environment of the creative Worker's routes. */
export type CreativeAppEnv = { Bindings: Env };
