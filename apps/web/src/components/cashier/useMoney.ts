import { useI18n } from '../../i18n/i18n';
import { formatMoney, type Money } from './money';

/** Money in the page's language. */
export const useMoney = (): ((money: Money) => string) => {
  const { language } = useI18n();
  const locale = language === 'hi' ? 'hi-IN' : 'en-GB';
  return (money) => formatMoney(locale, money.amountMinor, money.currency);
};
