import { buildIfStale } from "~/server/build.server";
import { PROJECT_ROOT } from "~/cli/paths";

/** Build once before the suite, so tests that start the server never race to build it. */
export default function setup() {
  buildIfStale(PROJECT_ROOT);
}
