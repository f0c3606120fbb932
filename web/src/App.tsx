import { lazy, type ReactNode, Suspense, useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { Route, Routes, useLocation } from 'react-router-dom';
import { canManageAmbassadors } from './api/ambassadors';
import { canManageProgram } from './api/gamification';
import { canConfigure, canReview } from './api/moderation';
import { useUnreadPolling } from './api/notifications';
import { loadSession, useSession } from './api/session';
import { ErrorAlert } from './components/ErrorAlert';
import { Layout } from './components/Layout';
import { Loading } from './components/Loading';
import { RequireAdmin } from './components/RequireAdmin';
import { RequireMember } from './components/RequireMember';
import { RequireRole } from './components/RequireRole';
import { useLanguageSync } from './i18n/useLanguageSync';
import { CustomerPage } from './pages/CustomerPage';
import { CustomersPage } from './pages/CustomersPage';
import { ForgotPasswordPage } from './pages/ForgotPasswordPage';
import { HomePage } from './pages/HomePage';
import { IntegrationsPage } from './pages/IntegrationsPage';
import { NewPostPage } from './pages/NewPostPage';
import { NotFoundPage } from './pages/NotFoundPage';
import { NotificationsPage } from './pages/NotificationsPage';
import { PostPage } from './pages/PostPage';
import { ProfilePage } from './pages/ProfilePage';
import { ResetPasswordPage } from './pages/ResetPasswordPage';
import { SearchPage } from './pages/SearchPage';
import { SignInPage } from './pages/SignInPage';
import { SignUpPage } from './pages/SignUpPage';
import { SpaceFeed } from './pages/SpaceFeed';
import { VerifyEmailPage } from './pages/VerifyEmailPage';

// The moderation screens are loaded when first opened: most visitors never need them.
const ModerationQueuePage = lazy(() =>
  import('./pages/moderation/ModerationQueuePage').then((module) => ({
    default: module.ModerationQueuePage,
  })),
);
const ReviewItemPage = lazy(() =>
  import('./pages/moderation/ReviewItemPage').then((module) => ({
    default: module.ReviewItemPage,
  })),
);
const PoliciesPage = lazy(() =>
  import('./pages/moderation/PoliciesPage').then((module) => ({ default: module.PoliciesPage })),
);
const ModelsPage = lazy(() =>
  import('./pages/moderation/ModelsPage').then((module) => ({ default: module.ModelsPage })),
);
const MetricsPage = lazy(() =>
  import('./pages/moderation/MetricsPage').then((module) => ({ default: module.MetricsPage })),
);

// Points, rewards and the program's settings, loaded when first opened.
const MyPointsPage = lazy(() =>
  import('./pages/points/MyPointsPage').then((module) => ({ default: module.MyPointsPage })),
);
const ChallengesPage = lazy(() =>
  import('./pages/points/ChallengesPage').then((module) => ({ default: module.ChallengesPage })),
);
const LeaderboardsPage = lazy(() =>
  import('./pages/points/LeaderboardsPage').then((module) => ({
    default: module.LeaderboardsPage,
  })),
);
const RewardsPage = lazy(() =>
  import('./pages/rewards/RewardsPage').then((module) => ({ default: module.RewardsPage })),
);
const ApprovalsPage = lazy(() =>
  import('./pages/program/ApprovalsPage').then((module) => ({ default: module.ApprovalsPage })),
);
const CatalogPage = lazy(() =>
  import('./pages/program/CatalogPage').then((module) => ({ default: module.CatalogPage })),
);
const RulesPage = lazy(() =>
  import('./pages/program/RulesPage').then((module) => ({ default: module.RulesPage })),
);
const AchievementsPage = lazy(() =>
  import('./pages/program/AchievementsPage').then((module) => ({
    default: module.AchievementsPage,
  })),
);
const ManagePointsPage = lazy(() =>
  import('./pages/program/ManagePointsPage').then((module) => ({
    default: module.ManagePointsPage,
  })),
);
const SignalsPage = lazy(() =>
  import('./pages/program/SignalsPage').then((module) => ({ default: module.SignalsPage })),
);

// The ambassador program and the member's privacy settings, loaded when first opened.
const PrivacySettingsPage = lazy(() =>
  import('./pages/privacy/PrivacySettingsPage').then((module) => ({
    default: module.PrivacySettingsPage,
  })),
);
const MyAmbassadorPage = lazy(() =>
  import('./pages/ambassadors/MyAmbassadorPage').then((module) => ({
    default: module.MyAmbassadorPage,
  })),
);
const AmbassadorProgramsPage = lazy(() =>
  import('./pages/ambassadors/ProgramsPage').then((module) => ({ default: module.ProgramsPage })),
);
const AmbassadorProgramPage = lazy(() =>
  import('./pages/ambassadors/ProgramPage').then((module) => ({ default: module.ProgramPage })),
);
const ScoreReviewsPage = lazy(() =>
  import('./pages/ambassadors/ScoreReviewsPage').then((module) => ({
    default: module.ScoreReviewsPage,
  })),
);

// Contracts, data-subject requests and the audit log, loaded when first opened.
const ProgramContractsPage = lazy(() =>
  import('./pages/compliance/ProgramContractsPage').then((module) => ({
    default: module.ProgramContractsPage,
  })),
);
const MyContractsPage = lazy(() =>
  import('./pages/compliance/MyContractsPage').then((module) => ({
    default: module.MyContractsPage,
  })),
);
// The manager's handbook, for staff.
const HandbookPage = lazy(() =>
  import('./pages/HandbookPage').then((module) => ({ default: module.HandbookPage })),
);
// The analytics dashboards, for managers and admins.
const AnalyticsPage = lazy(() =>
  import('./pages/analytics/AnalyticsPage').then((module) => ({ default: module.AnalyticsPage })),
);
const AuditLogPage = lazy(() =>
  import('./pages/compliance/AuditLogPage').then((module) => ({ default: module.AuditLogPage })),
);
const RequestsBoardPage = lazy(() =>
  import('./pages/privacy/RequestsBoardPage').then((module) => ({
    default: module.RequestsBoardPage,
  })),
);
const ContentReviewPage = lazy(() =>
  import('./pages/content/ContentReviewPage').then((module) => ({
    default: module.ContentReviewPage,
  })),
);

/** A screen for the roles `allow` admits (moderation, points and rewards), loaded on first use. */
function ModerationRoute({
  allow,
  children,
}: {
  allow: (role: string) => boolean;
  children: ReactNode;
}) {
  return (
    <RequireRole allow={allow}>
      <Suspense fallback={<Loading />}>{children}</Suspense>
    </RequireRole>
  );
}

/** Every signed-in member (points, rewards, challenges, leaderboards). */
function isMember(): boolean {
  return true;
}

/** Admins only (the data-subject requests board, the audit log). */
function isAdmin(role: string): boolean {
  return role === 'admin';
}

function handleRetrySession() {
  void loadSession();
}

export function App() {
  const { t } = useTranslation();
  const session = useSession();
  const { pathname } = useLocation();
  useLanguageSync();
  useUnreadPolling(session.user !== null, pathname);

  useEffect(() => {
    void loadSession();
  }, []);

  if (session.status !== 'ready') {
    return (
      <Layout>
        {session.status === 'loading' ? <Loading label={t('app.starting')} /> : null}
        <ErrorAlert error={session.error} onRetry={handleRetrySession} />
      </Layout>
    );
  }

  return (
    <Layout>
      <Routes>
        <Route path="/" element={<HomePage />} />
        <Route path="/sign-in" element={<SignInPage />} />
        <Route path="/sign-up" element={<SignUpPage />} />
        <Route path="/forgot-password" element={<ForgotPasswordPage />} />
        <Route path="/reset-password" element={<ResetPasswordPage />} />
        <Route path="/verify-email" element={<VerifyEmailPage />} />
        <Route path="/s/:slug" element={<SpaceFeed />} />
        <Route
          path="/s/:slug/new"
          element={
            <RequireMember>
              <NewPostPage />
            </RequireMember>
          }
        />
        <Route path="/p/:id" element={<PostPage />} />
        <Route path="/u/:username" element={<ProfilePage />} />
        <Route path="/search" element={<SearchPage />} />
        <Route
          path="/notifications"
          element={
            <RequireMember>
              <NotificationsPage />
            </RequireMember>
          }
        />
        <Route
          path="/admin/integrations"
          element={
            <RequireAdmin>
              <IntegrationsPage />
            </RequireAdmin>
          }
        />
        <Route
          path="/admin/customers"
          element={
            <RequireAdmin>
              <CustomersPage />
            </RequireAdmin>
          }
        />
        <Route
          path="/admin/customers/:id"
          element={
            <RequireAdmin>
              <CustomerPage />
            </RequireAdmin>
          }
        />
        <Route
          path="/moderation"
          element={
            <ModerationRoute allow={canReview}>
              <ModerationQueuePage />
            </ModerationRoute>
          }
        />
        <Route
          path="/moderation/items/:id"
          element={
            <ModerationRoute allow={canReview}>
              <ReviewItemPage />
            </ModerationRoute>
          }
        />
        <Route
          path="/moderation/policies"
          element={
            <ModerationRoute allow={canConfigure}>
              <PoliciesPage />
            </ModerationRoute>
          }
        />
        <Route
          path="/moderation/models"
          element={
            <ModerationRoute allow={canConfigure}>
              <ModelsPage />
            </ModerationRoute>
          }
        />
        <Route
          path="/moderation/metrics"
          element={
            <ModerationRoute allow={canConfigure}>
              <MetricsPage />
            </ModerationRoute>
          }
        />
        <Route
          path="/points"
          element={
            <ModerationRoute allow={isMember}>
              <MyPointsPage />
            </ModerationRoute>
          }
        />
        <Route
          path="/points/challenges"
          element={
            <ModerationRoute allow={isMember}>
              <ChallengesPage />
            </ModerationRoute>
          }
        />
        <Route
          path="/points/leaderboards"
          element={
            <ModerationRoute allow={isMember}>
              <LeaderboardsPage />
            </ModerationRoute>
          }
        />
        <Route
          path="/rewards"
          element={
            <ModerationRoute allow={isMember}>
              <RewardsPage />
            </ModerationRoute>
          }
        />
        <Route
          path="/program/approvals"
          element={
            <ModerationRoute allow={canManageProgram}>
              <ApprovalsPage />
            </ModerationRoute>
          }
        />
        <Route
          path="/program/catalog"
          element={
            <ModerationRoute allow={canManageProgram}>
              <CatalogPage />
            </ModerationRoute>
          }
        />
        <Route
          path="/program/rules"
          element={
            <ModerationRoute allow={canManageProgram}>
              <RulesPage />
            </ModerationRoute>
          }
        />
        <Route
          path="/program/achievements"
          element={
            <ModerationRoute allow={canManageProgram}>
              <AchievementsPage />
            </ModerationRoute>
          }
        />
        <Route
          path="/program/points"
          element={
            <ModerationRoute allow={canManageProgram}>
              <ManagePointsPage />
            </ModerationRoute>
          }
        />
        <Route
          path="/program/signals"
          element={
            <ModerationRoute allow={canManageProgram}>
              <SignalsPage />
            </ModerationRoute>
          }
        />
        <Route
          path="/settings/privacy"
          element={
            <ModerationRoute allow={isMember}>
              <PrivacySettingsPage />
            </ModerationRoute>
          }
        />
        <Route
          path="/ambassador"
          element={
            <ModerationRoute allow={isMember}>
              <MyAmbassadorPage />
            </ModerationRoute>
          }
        />
        <Route
          path="/ambassadors/programs"
          element={
            <ModerationRoute allow={canManageAmbassadors}>
              <AmbassadorProgramsPage />
            </ModerationRoute>
          }
        />
        <Route
          path="/ambassadors/programs/:id"
          element={
            <ModerationRoute allow={canManageAmbassadors}>
              <AmbassadorProgramPage />
            </ModerationRoute>
          }
        />
        <Route
          path="/ambassadors/programs/:id/contracts"
          element={
            <ModerationRoute allow={canManageAmbassadors}>
              <ProgramContractsPage />
            </ModerationRoute>
          }
        />
        <Route
          path="/ambassador/contracts"
          element={
            <ModerationRoute allow={isMember}>
              <MyContractsPage />
            </ModerationRoute>
          }
        />
        <Route
          path="/admin/privacy-requests"
          element={
            <ModerationRoute allow={isAdmin}>
              <RequestsBoardPage />
            </ModerationRoute>
          }
        />
        <Route
          path="/handbook"
          element={
            <ModerationRoute allow={canReview}>
              <HandbookPage />
            </ModerationRoute>
          }
        />
        <Route
          path="/analytics/*"
          element={
            <ModerationRoute allow={canManageAmbassadors}>
              <AnalyticsPage />
            </ModerationRoute>
          }
        />
        <Route
          path="/admin/audit"
          element={
            <ModerationRoute allow={isAdmin}>
              <AuditLogPage />
            </ModerationRoute>
          }
        />
        <Route
          path="/content/review"
          element={
            <ModerationRoute allow={canReview}>
              <ContentReviewPage />
            </ModerationRoute>
          }
        />
        <Route
          path="/ambassadors/reviews"
          element={
            <ModerationRoute allow={canManageAmbassadors}>
              <ScoreReviewsPage />
            </ModerationRoute>
          }
        />
        <Route path="*" element={<NotFoundPage />} />
      </Routes>
    </Layout>
  );
}
