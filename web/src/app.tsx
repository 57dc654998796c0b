import { Link, Redirect, Route, Switch, useLocation } from 'wouter';
import { AnalyticsScreen } from './screens/analytics';
import { CalendarScreen } from './screens/calendar';
import { CampaignScreen } from './screens/campaign';
import { CampaignsScreen } from './screens/campaigns';
import { OperationsScreen } from './screens/operations';
import { ReviewLinkScreen } from './screens/review-link';
import { ReviewsScreen } from './screens/reviews';
import { SignInScreen } from './screens/sign-in';
import { UsageScreen } from './screens/usage';
import { SessionProvider, useSession } from './session';

/** The dashboard's pages; the API serves index.html at each (src/server/web.ts lists the same paths). */
const NAV = [
  { href: '/campaigns', label: 'Campaigns' },
  { href: '/reviews', label: 'Review queue' },
  { href: '/calendar', label: 'Calendar' },
  { href: '/analytics', label: 'Analytics' },
  { href: '/usage', label: 'Usage' },
  { href: '/operations', label: 'Operations' },
] as const;

function Shell() {
  const { key, viewer, signOut } = useSession();
  const [location] = useLocation();
  if (!key || !viewer) return <SignInScreen />;
  return (
    <div className="shell">
      <a className="skip-link" href="#main">
        Skip to content
      </a>
      <header className="topbar">
        <Link href="/campaigns" className="brand">
          Copydesk
        </Link>
        <nav aria-label="Main" className="nav">
          <ul>
            {NAV.map((item) => (
              <li key={item.href}>
                <Link
                  href={item.href}
                  className={location.startsWith(item.href) ? 'nav-link active' : 'nav-link'}
                  aria-current={location.startsWith(item.href) ? 'page' : undefined}
                >
                  {item.label}
                </Link>
              </li>
            ))}
            <li>
              <a href="/explorer" className="nav-link">
                API explorer
              </a>
            </li>
          </ul>
        </nav>
        <div className="who">
          <span>
            {viewer.workspace.name} · <span className="role">{viewer.role}</span>
          </span>
          <button type="button" className="button button-quiet" onClick={signOut}>
            Sign out
          </button>
        </div>
      </header>
      <main id="main" className="content" tabIndex={-1}>
        <Switch>
          <Route path="/">
            <Redirect to="/campaigns" />
          </Route>
          <Route path="/campaigns" component={CampaignsScreen} />
          <Route path="/campaigns/:id">{(params) => <CampaignScreen id={params.id} />}</Route>
          <Route path="/reviews" component={ReviewsScreen} />
          <Route path="/calendar" component={CalendarScreen} />
          <Route path="/analytics" component={AnalyticsScreen} />
          <Route path="/usage" component={UsageScreen} />
          <Route path="/operations" component={OperationsScreen} />
          <Route>
            <h1>Not found</h1>
            <p>
              There is no page here. <Link href="/campaigns">Go to the campaigns.</Link>
            </p>
          </Route>
        </Switch>
      </main>
    </div>
  );
}

export function App() {
  return (
    <Switch>
      <Route path="/review/:token">
        {(params) => (
          <SessionProvider anonymous>
            <ReviewLinkScreen token={params.token} />
          </SessionProvider>
        )}
      </Route>
      <Route>
        <SessionProvider>
          <Shell />
        </SessionProvider>
      </Route>
    </Switch>
  );
}
