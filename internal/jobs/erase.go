package jobs

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"

	"github.com/riverqueue/river"
	"github.com/riverqueue/river/rivertype"
)

// pendingLimit bounds how many unsent jobs an erasure looks through: a few emails a
// lead at most, among the site's whole queue.
const pendingLimit = 10000

// forgetLead deletes, inside the erasure's transaction tx, the jobs about the lead that
// have not run yet (queued, scheduled, waiting for a retry). Their arguments hold only
// ids, but sent later they would mail the team a lead that is no longer there. A job
// running at this moment cannot be deleted; its worker finds the lead erased and sends
// nothing.
func (e *Engine) forgetLead(ctx context.Context, tx *sql.Tx, leadID int64) error {
	res, err := e.client.JobListTx(ctx, tx, river.NewJobListParams().
		Kinds(KindLeadCreatedMail, KindAssignedMail).
		States(rivertype.JobStateAvailable, rivertype.JobStateScheduled, rivertype.JobStatePending, rivertype.JobStateRetryable).
		First(pendingLimit))
	if err != nil {
		return fmt.Errorf("list the lead's jobs: %w", err)
	}
	var ids []int64
	for _, j := range res.Jobs {
		var args struct {
			LeadID int64 `json:"lead_id"`
		}
		if json.Unmarshal(j.EncodedArgs, &args) == nil && args.LeadID == leadID {
			ids = append(ids, j.ID)
		}
	}
	if len(ids) == 0 {
		return nil
	}
	if _, err := e.client.JobDeleteManyTx(ctx, tx, river.NewJobDeleteManyParams().IDs(ids...)); err != nil {
		return fmt.Errorf("delete the lead's jobs: %w", err)
	}
	return nil
}
