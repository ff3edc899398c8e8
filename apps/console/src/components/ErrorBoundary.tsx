import { Component, type ReactNode } from 'react';
import i18n from '../i18n';

/** A page that fails to render shows a message instead of a blank screen; the menu stays usable. */
export class ErrorBoundary extends Component<{ children: ReactNode; resetKey: string }, { failed: boolean }> {
  override state = { failed: false };

  static getDerivedStateFromError(): { failed: boolean } {
    return { failed: true };
  }

  override componentDidUpdate(previous: { resetKey: string }): void {
    if (previous.resetKey !== this.props.resetKey && this.state.failed) this.setState({ failed: false });
  }

  override render(): ReactNode {
    if (this.state.failed) {
      return (
        <div className="notice error" role="alert">
          {i18n.t('errors.generic')}
        </div>
      );
    }
    return this.props.children;
  }
}
