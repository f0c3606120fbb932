import { useTranslation } from 'react-i18next';
import { LanguageSwitcher } from './LanguageSwitcher';

export function Footer() {
  const { t } = useTranslation();
  return (
    <footer className="site-footer">
      <div className="container footer-inner">
        <LanguageSwitcher />
        <p className="muted small">
          {t('footer.poweredBy')} · <a href="/docs">{t('footer.apiDocs')}</a>
        </p>
      </div>
    </footer>
  );
}
