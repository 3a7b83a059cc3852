import { Component, type ErrorInfo, type ReactNode } from 'react';

type Props = { title: string; children: ReactNode };
type State = { error: Error | null };

/** Keeps the rest of the window usable when one panel throws while rendering. */
export class PanelErrorBoundary extends Component<Props, State> {
  override state: State = { error: null };

  static getDerivedStateFromError(error: unknown): State {
    return { error: error instanceof Error ? error : new Error(String(error)) };
  }

  override componentDidCatch(error: unknown, info: ErrorInfo): void {
    console.error(`The ${this.props.title} panel failed`, error, info.componentStack);
  }

  override render(): ReactNode {
    const { error } = this.state;
    if (!error) return this.props.children;
    return (
      <section className="panel" aria-label={this.props.title}>
        <div role="alert" className="banner banner-error">
          <p>
            The {this.props.title} panel failed: {error.message}
          </p>
          <button type="button" onClick={() => this.setState({ error: null })}>
            Try again
          </button>
        </div>
      </section>
    );
  }
}
