import { Link } from "@remix-run/react";

export type ProviderSignInProblemKind =
  "unreachable" | "not_completed" | "no_mapped_role" | "account_disabled" | "no_email";

/** What someone sees when signing in at the agency's provider did not let them in: plain words, a way on. */
export function ProviderSignInProblem(props: {
  kind: ProviderSignInProblemKind;
  providerName: string;
  accessContact: string;
}) {
  const { kind, providerName, accessContact } = props;
  const [title, text] = {
    unreachable: [
      `We could not reach ${providerName}`,
      `${providerName} did not answer, so you have not been signed in and nothing was changed. Try again in a few minutes; if it keeps happening, tell your IT service desk.`,
    ],
    not_completed: [
      "Your sign-in did not complete",
      `We could not confirm your sign-in with ${providerName}, so you have not been signed in and nothing was changed. This happens when the sign-in page was left open too long or reached from an old link. Start again from the sign-in page.`,
    ],
    no_mapped_role: [
      "You do not have access to Tautoko yet",
      `${providerName} confirmed who you are, but you are not in any group that gives access to Tautoko, so no account was made. Ask ${accessContact} to add you to the right group, then sign in again.`,
    ],
    account_disabled: [
      "Your Tautoko account is disabled",
      "Your account here has been disabled, so you cannot sign in. If you think that is wrong, ask a Tautoko administrator.",
    ],
    no_email: [
      `${providerName} did not give your email address`,
      `Tautoko needs your work email address to make your account, and ${providerName} did not send it, so you have not been signed in. Ask ${accessContact} to check the application's settings there.`,
    ],
  }[kind];
  return (
    <section className="error-page">
      <h1>{title}</h1>
      <p role="alert">{text}</p>
      <p>
        <Link to="/login">Back to the sign-in page</Link>
      </p>
    </section>
  );
}
