package app

import (
	"context"
	"net/http"
	"sync"
	"time"

	"gorm.io/gorm"

	"github.com/tianbao-edu/tianbao/backend/campaign"
	"github.com/tianbao-edu/tianbao/backend/notify"
	"github.com/tianbao-edu/tianbao/backend/org"
	"github.com/tianbao-edu/tianbao/backend/submission"
	"github.com/tianbao-edu/tianbao/backend/user"
)

// newNotify wires notifications: the other domains' reads the rules make, the channels from the
// configuration, and the app's clock.
func (a *App) newNotify(orgs *org.Store, campaigns *campaign.Store, subs *submission.Reader) *notify.Service {
	n := a.Config.Notify
	client := &http.Client{Timeout: 30 * time.Second, CheckRedirect: func(*http.Request, []*http.Request) error {
		return http.ErrUseLastResponse // a robot answers directly; never follow a webhook elsewhere
	}}
	return notify.NewService(notify.Deps{
		Store: notify.NewStore(a.DB), Tasks: campaigns, Submissions: subs, People: user.NewStore(a.DB),
		OrgPath: func(_ context.Context, tx *gorm.DB, id int64) (string, error) {
			s := orgs
			if tx != nil {
				s = orgs.WithTx(tx)
			}
			p, err := s.PlaceOf(id)
			return p.Path, err
		},
		FormTitle: func(ctx context.Context, code string) (string, error) {
			f, err := a.Forms.Current(ctx, code)
			if err != nil {
				return "", err
			}
			return f.Title, nil
		},
		Audit: a.Audit, Now: a.Now,
		Senders: map[string]notify.Sender{
			notify.ChannelWeCom:    notify.WeCom{Client: client},
			notify.ChannelDingTalk: notify.DingTalk{Client: client},
			notify.ChannelEmail: notify.Mailer{Config: notify.SMTP{Host: n.SMTPHost, Port: n.SMTPPort, User: n.SMTPUser,
				Pass: n.SMTPPass, From: n.SMTPFrom}},
		},
		Config: notify.Config{WebhookHosts: n.WebhookHosts, Days: n.Days},
	})
}

// StartNotify starts this replica's notification scheduler (when TIANBAO_NOTIFY is on) and
// returns the function that stops it and waits for it, giving the sender lease up.
func (a *App) StartNotify(ctx context.Context) (stop func()) {
	if !a.Config.Notify.Enabled {
		return func() {}
	}
	ctx, cancel := context.WithCancel(ctx)
	sc := notify.NewScheduler(a.Notify, notify.SchedulerOptions{Interval: a.Config.Notify.Interval, Log: a.Log})
	var wg sync.WaitGroup
	wg.Go(func() { sc.Run(ctx) })
	a.Log.Info("notification scheduler started", "holder", sc.Holder(), "interval", a.Config.Notify.Interval.String())
	return func() {
		cancel()
		wg.Wait()
	}
}
