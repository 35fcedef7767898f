// The tests start the app the same way the screenshots and the bench do.
export { freePort, startApp, type RunningApp } from "~/cli/runApp";
