import fs from "node:fs";
import path from "node:path";
import { gzipSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import { PROJECT_ROOT } from "~/cli/paths";

// Each page's JavaScript, gzipped, as a phone on 4G downloads it on a first visit:
// the client entry, every route module from root down to the page, and their imports.
const BUDGET_BYTES = 200 * 1024;

interface ManifestRoute {
  id: string;
  parentId?: string;
  module: string;
  imports?: string[];
}
interface Manifest {
  entry: { module: string; imports: string[] };
  routes: Record<string, ManifestRoute>;
}

function readClientManifest(): Manifest {
  const buildDir = path.join(PROJECT_ROOT, "public", "build");
  const file = fs.readdirSync(buildDir).find((f) => /^manifest-.*\.js$/.test(f));
  if (!file) throw new Error("No client manifest in public/build: the suite's global setup builds it");
  const text = fs.readFileSync(path.join(buildDir, file), "utf8");
  return JSON.parse(text.slice(text.indexOf("{"), text.lastIndexOf("}") + 1)) as Manifest;
}

function gzippedSize(publicPath: string): number {
  return gzipSync(fs.readFileSync(path.join(PROJECT_ROOT, "public", publicPath)), { level: 9 }).length;
}

function routeJavaScript(manifest: Manifest, routeId: string): Set<string> {
  const files = new Set([manifest.entry.module, ...manifest.entry.imports]);
  for (
    let route = manifest.routes[routeId];
    route;
    route = route.parentId ? manifest.routes[route.parentId] : undefined
  ) {
    files.add(route.module);
    for (const f of route.imports ?? []) files.add(f);
  }
  return files;
}

describe("the browser bundle", () => {
  it(`ships at most ${BUDGET_BYTES / 1024} KB of gzipped JavaScript for every page`, () => {
    const manifest = readClientManifest();
    const sizes = Object.keys(manifest.routes)
      .map((id) => ({ id, bytes: [...routeJavaScript(manifest, id)].reduce((sum, f) => sum + gzippedSize(f), 0) }))
      .sort((a, b) => b.bytes - a.bytes);
    console.log(sizes.map(({ id, bytes }) => `${(bytes / 1024).toFixed(1).padStart(7)} KB  ${id}`).join("\n"));
    expect(sizes.length).toBeGreaterThan(10);
    expect(sizes.filter(({ bytes }) => bytes > BUDGET_BYTES).map(({ id }) => id)).toEqual([]);
  });
});
