import { Link, useLocation } from 'react-router-dom';

/** A link to sign in that comes back to this page afterwards. */
export function SignInPrompt({ message }: { message: string }) {
  const location = useLocation();
  const next = encodeURIComponent(`${location.pathname}${location.search}`);
  return (
    <p>
      <Link to={`/sign-in?next=${next}`}>{message}</Link>
    </p>
  );
}
